from django.urls import path

from . import views

app_name = "asks"
urlpatterns = [
    path("", views.ask_list, name="list"),
    path("new/", views.ask_new, name="new"),
    path("<int:ask_id>/", views.ask_detail, name="detail"),
    path("<int:ask_id>/answer/", views.answer, name="answer"),
    path("<int:ask_id>/resolve/", views.resolve, name="resolve"),
    path("<int:ask_id>/withdraw/", views.withdraw, name="withdraw"),
    path("answers/<int:answer_id>/accept/", views.accept_answer, name="accept_answer"),
    path("answers/<int:answer_id>/decline/", views.decline_answer, name="decline_answer"),
]
