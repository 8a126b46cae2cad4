from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("circle/<int:circle_id>/new/", views.meeting_new, name="new"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:meeting_id>/answer/", views.meeting_answer, name="answer"),
    path("<int:meeting_id>/goal/", views.meeting_goal, name="goal"),
    path("<int:meeting_id>/helped/", views.meeting_helped, name="helped"),
    path(
        "<int:meeting_id>/helped/<int:member_id>/remove/",
        views.meeting_unhelped,
        name="unhelped",
    ),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:meeting_id>/meeting.ics", views.meeting_ics, name="ics"),
    path("one-to-ones/new/<int:member_id>/", views.one_to_one_new, name="one_to_one_new"),
    path("one-to-ones/<int:one_to_one_id>/", views.one_to_one_detail, name="one_to_one"),
    path(
        "one-to-ones/<int:one_to_one_id>/accept/",
        views.one_to_one_accept,
        name="one_to_one_accept",
    ),
    path(
        "one-to-ones/<int:one_to_one_id>/decline/",
        views.one_to_one_decline,
        name="one_to_one_decline",
    ),
    path(
        "one-to-ones/<int:one_to_one_id>/withdraw/",
        views.one_to_one_withdraw,
        name="one_to_one_withdraw",
    ),
    path(
        "one-to-ones/<int:one_to_one_id>/known/",
        views.one_to_one_known,
        name="one_to_one_known",
    ),
    path(
        "one-to-ones/<int:one_to_one_id>/one-to-one.ics",
        views.one_to_one_ics,
        name="one_to_one_ics",
    ),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/feed/<str:secret>.ics", views.calendar_feed, name="feed"),
]
