from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "goodword.directory"
    label = "directory"
