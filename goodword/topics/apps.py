from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "goodword.topics"
    label = "topics"
