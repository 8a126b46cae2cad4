from django.urls import path

from . import views

app_name = "introductions"
urlpatterns = [
    path("", views.introduction_list, name="list"),
    path("new/", views.introduction_new, name="new"),
    path("<int:introduction_id>/", views.introduction_detail, name="detail"),
    path("<int:introduction_id>/accept/", views.accept, name="accept"),
    path("<int:introduction_id>/decline/", views.decline, name="decline"),
    path("<int:introduction_id>/withdraw/", views.withdraw, name="withdraw"),
]
