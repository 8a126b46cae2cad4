from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "goodword.api"
    label = "api"
