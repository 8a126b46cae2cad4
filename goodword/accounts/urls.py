from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("members/<int:user_id>/", views.profile, name="profile"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/profile/", views.profile_edit, name="profile_edit"),
    path("settings/language/", views.language, name="language"),
    path("settings/portrait/", views.portrait, name="portrait"),
    path("settings/portrait/remove/", views.portrait_remove, name="portrait_remove"),
    path("settings/export/", views.export_data, name="export"),
    path("settings/delete/", views.delete_account, name="delete"),
]
