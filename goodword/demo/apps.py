from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network (`manage.py seed_demo`). The top layer: it writes through every app."""

    name = "goodword.demo"
    label = "demo"
