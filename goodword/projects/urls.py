from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:project_id>/", views.project_detail, name="detail"),
    path("<int:project_id>/join/", views.join, name="join"),
    path("<int:project_id>/seats/", views.add_seat, name="add_seat"),
    path("<int:project_id>/support/", views.support, name="support"),
    path("<int:project_id>/team/", views.team, name="team"),
    path("<int:project_id>/team/meetings/new/", views.team_meeting_new, name="team_meeting_new"),
    path("<int:project_id>/task/", views.set_task, name="set_task"),
    path("<int:project_id>/team/leave/", views.leave, name="leave"),
    path("<int:project_id>/close/", views.close, name="close"),
    path("<int:project_id>/followup/", views.followup, name="followup"),
    path(
        "<int:project_id>/followup/<int:member_id>/",
        views.followup_answer,
        name="followup_answer",
    ),
    path("seats/<int:seat_id>/candidates/", views.candidates, name="candidates"),
    path("seats/<int:seat_id>/invite/", views.invite, name="invite"),
    path("seats/<int:seat_id>/introduction/", views.ask_introduction, name="ask_introduction"),
    path("seats/<int:seat_id>/remove/", views.remove_seat, name="remove_seat"),
    path("seats/<int:seat_id>/free/", views.free_seat, name="free_seat"),
    path(
        "applications/<int:application_id>/accept/",
        views.accept_application,
        name="accept_application",
    ),
    path(
        "applications/<int:application_id>/decline/",
        views.decline_application,
        name="decline_application",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        views.withdraw_application,
        name="withdraw_application",
    ),
    path("supports/<int:support_id>/accept/", views.accept_support, name="accept_support"),
    path("supports/<int:support_id>/decline/", views.decline_support, name="decline_support"),
    path("supports/<int:support_id>/withdraw/", views.withdraw_support, name="withdraw_support"),
    path("introductions/<int:intro_request_id>/", views.intro_request, name="intro_request"),
    path(
        "introductions/<int:intro_request_id>/decline/",
        views.decline_intro_request,
        name="decline_intro_request",
    ),
]
