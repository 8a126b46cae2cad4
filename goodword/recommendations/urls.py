from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("how-we-check/", views.how_we_check, name="how_we_check"),
]
