from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "goodword.notifications"
    label = "notifications"
