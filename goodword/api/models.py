from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal access token. Only its SHA-256 hash is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ThrottleWindow(models.Model):
    """One API client's requests in the current and the previous window of the throttle's rate
    (`throttles.MemberThrottle`). Written only by `services.count_api_request`, in one
    statement, so that concurrent requests of one client are all counted."""

    key = models.CharField(max_length=200, primary_key=True)
    window_index = models.BigIntegerField(db_index=True)
    current = models.IntegerField()
    previous = models.IntegerField()
    allowed = models.BooleanField()

    def __str__(self) -> str:
        return self.key
