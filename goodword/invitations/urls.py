from django.urls import path

from . import views

app_name = "invitations"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("new/", views.invitation_new, name="new"),
    path("how-they-work/", views.how_they_work, name="how"),
    path("<int:signup_invitation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:signup_invitation_id>/edge/decline/", views.decline_edge, name="decline_edge"),
    path("<int:signup_invitation_id>/edge/accept/", views.accept_edge, name="accept_edge"),
    path("<int:signup_invitation_id>/ask/", views.ask_recommendation, name="ask"),
    path("join/<str:token>/", views.join, name="join"),
    path("requests/new/", views.join_request, name="join_request"),
    path("requests/", views.join_requests, name="join_requests"),
    path(
        "requests/<int:signup_request_id>/approve/", views.approve_request, name="approve_request"
    ),
    path(
        "requests/<int:signup_request_id>/decline/", views.decline_request, name="decline_request"
    ),
]
