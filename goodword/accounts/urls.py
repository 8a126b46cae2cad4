from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("members/<int:user_id>/", views.profile, name="profile"),
    path("settings/", views.settings_page, name="settings"),
]
