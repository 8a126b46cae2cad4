"""Private trust marks and the change log that keeps every process's trust graph current."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MarkLevel(models.TextChoices):
    """What a member privately says about another. Never shown to anyone but the marker."""

    KNOW_PERSONALLY = "know_personally", _("I know this person personally")
    WORKED_WITH = "worked_with", _("I have worked with them")
    VOUCH = "vouch", _("I would vouch for them with my name")
    WOULD_NOT_RECOMMEND = "would_not_recommend", _("I would not recommend them")


class TrustMark(models.Model):
    """A private trust mark from `marker` about `member`: one per pair, never about oneself.

    Marks shape only the marker's own view and, through the trust engine, the views of
    members who trust the marker. No page, API response, export of others or notification
    ever shows one.
    """

    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trust_marks_set"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("level"), max_length=24, choices=MarkLevel.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("private trust mark")
        verbose_name_plural = _("private trust marks")
        constraints = [
            models.CheckConstraint(condition=~Q(marker=F("member")), name="trustmark_not_self"),
            models.UniqueConstraint(fields=["marker", "member"], name="trustmark_one_per_pair"),
        ]
        indexes = [models.Index(fields=["member", "marker"])]

    def __str__(self) -> str:
        # Deliberately no level: this string may end up in logs or the admin's lists.
        return f"TrustMark #{self.pk}"


class ChangeKind(models.TextChoices):
    EDGE = "edge", "edge"
    REBUILD = "rebuild", "rebuild"


class TrustEdgeChange(models.Model):
    """One entry of the append-only trust change log.

    `edge`: the trust edge source→target may have changed; a process replaying the log
    recomputes that pair from the current database state (so the order in which rows commit
    never matters). `rebuild`: every process rebuilds its whole graph. Rows are written in the
    changing service's own transaction (`services.request_trust_refresh`) or by
    `rebuild_trust`; old rows are pruned on rebuild.
    """

    kind = models.CharField(max_length=8, choices=ChangeKind.choices, default=ChangeKind.EDGE)
    source_id = models.BigIntegerField(null=True)
    target_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trust edge change"
        verbose_name_plural = "trust edge changes"

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}: {self.source_id}→{self.target_id}"
