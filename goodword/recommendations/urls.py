from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.create, name="create"),
    path("how-we-check/", views.how_we_check, name="how_we_check"),
    path("<int:recommendation_id>/edit/", views.edit, name="edit"),
    path("<int:recommendation_id>/accept/", views.accept, name="accept"),
    path("<int:recommendation_id>/decline/", views.decline, name="decline"),
    path("<int:recommendation_id>/hide/", views.hide, name="hide"),
    path("<int:recommendation_id>/unhide/", views.unhide, name="unhide"),
    path("<int:recommendation_id>/withdraw/", views.withdraw, name="withdraw"),
]
