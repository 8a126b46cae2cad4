from django.urls import path

from . import views

app_name = "circles"
urlpatterns = [
    path("", views.circle_list, name="list"),
    path("discover/", views.circle_discover, name="discover"),
    path("new/", views.circle_new, name="new"),
    path("<int:circle_id>/", views.circle_detail, name="detail"),
    path("<int:circle_id>/edit/", views.circle_edit, name="edit"),
    path("<int:circle_id>/join/", views.circle_join, name="join"),
    path("<int:circle_id>/withdraw/", views.circle_withdraw, name="withdraw"),
    path("<int:circle_id>/leave/", views.circle_leave, name="leave"),
    path("<int:circle_id>/posts/", views.circle_post, name="post"),
    path("<int:circle_id>/moderation/", views.circle_moderation, name="moderation"),
    path("<int:circle_id>/invite/", views.circle_invite, name="invite"),
    path("<int:circle_id>/invite/email/", views.circle_invite_email, name="invite_email"),
    path(
        "<int:circle_id>/members/<int:member_id>/remove/", views.member_remove, name="remove_member"
    ),
    path("<int:circle_id>/members/<int:member_id>/role/", views.member_role, name="member_role"),
    path("requests/<int:request_id>/admit/", views.request_admit, name="admit"),
    path("requests/<int:request_id>/decline/", views.request_decline, name="decline"),
    path(
        "invitations/<int:invitation_id>/accept/",
        views.invitation_answer,
        {"answer": "accept"},
        name="accept_invitation",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        views.invitation_answer,
        {"answer": "decline"},
        name="decline_invitation",
    ),
    path("posts/<int:post_id>/remove/", views.post_remove, name="remove_post"),
]
