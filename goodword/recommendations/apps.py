from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "goodword.recommendations"
    label = "recommendations"
