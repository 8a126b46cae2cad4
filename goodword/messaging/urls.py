from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("settings/", views.contact_settings, name="settings"),
    path("new/<int:member_id>/", views.compose, name="compose"),
    path("<int:conversation_id>/", views.conversation_detail, name="conversation"),
    path("<int:conversation_id>/reply/", views.reply, name="reply"),
    path("<int:conversation_id>/report/<int:member_id>/", views.report, name="report"),
    path("members/<int:member_id>/block/", views.block, name="block"),
    path("members/<int:member_id>/unblock/", views.unblock, name="unblock"),
    path("members/<int:member_id>/welcome-offers/", views.welcome_offers, name="welcome_offers"),
    path("members/<int:member_id>/stop-offers/", views.stop_offers, name="stop_offers"),
]
