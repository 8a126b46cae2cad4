from django.urls import path

from . import views

app_name = "trust"
urlpatterns = [
    path("network/", views.network, name="network"),
    path("connection/<int:user_id>/", views.connection, name="connection"),
    path("marks/<int:user_id>/", views.set_mark, name="set_mark"),
    path("marks/<int:user_id>/clear/", views.clear_mark, name="clear_mark"),
]
