from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("members/<int:member_id>/", views.case, name="case"),
    path("appeals/<int:appeal_id>/", views.appeal, name="appeal"),
    path("actions/<int:action_id>/lift/", views.lift, name="lift"),
    path("report/member/<int:member_id>/", views.report_profile, name="report_profile"),
    path(
        "report/recommendation/<int:recommendation_id>/",
        views.report_recommendation,
        name="report_recommendation",
    ),
    path("notices/", views.notices, name="notices"),
    path("decisions/<int:action_id>/", views.decision, name="decision"),
    path("decision/<str:token>/", views.decision_by_link, name="decision_by_link"),
    path("log/", views.public_log, name="log"),
    path("grounds/", views.grounds, name="grounds"),
]
