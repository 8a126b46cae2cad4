from django.urls import path

from . import views

app_name = "topics"
urlpatterns = [
    path("suggest/", views.suggest, name="suggest"),
]
