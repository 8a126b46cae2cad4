from django.apps import AppConfig
from django.core import checks
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


def create_cache_table(using="default", **kwargs):
    """The shared cache lives in the database (settings.CACHES); `migrate` creates its table, so
    installing and upgrading need no extra step. Sent once per app (core has no models itself);
    after the first call it only finds the table there."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "goodword.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, dispatch_uid="core.cache_table")
        from .checks import legal_pages_check

        checks.register(legal_pages_check)
        # Each app's `hooks.py` registers its part of the extension points in `core.hooks`.
        autodiscover_modules("hooks")
