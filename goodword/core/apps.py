from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "goodword.core"
    label = "core"

    def ready(self) -> None:
        # Each app's `hooks.py` registers its part of the extension points in `core.hooks`.
        autodiscover_modules("hooks")
