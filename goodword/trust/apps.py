from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "goodword.trust"
    label = "trust"
    verbose_name = _("Trust")

    def ready(self):
        from django.core.signals import request_finished, request_started

        from . import adapter

        request_started.connect(adapter.request_started, dispatch_uid="trust.sync_once")
        request_finished.connect(adapter.request_finished, dispatch_uid="trust.sync_done")
