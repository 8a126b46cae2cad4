"""Background work of moderation: the e-mails to the member concerned and to the reporters,
sent after commit."""

from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.messaging.models import Report
from goodword.messaging.services import claim_outcome_mail
from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import (
    absolute,
    send_member_mail,
    send_required_mail,
    wants_mail,
)

from . import queries
from .models import Appeal, ModerationAction


def _link(entry: ModerationAction) -> str:
    """The decision page; a signed link for a suspended member, who cannot log in."""
    if entry.member.is_active:
        return absolute(reverse("moderation:decision", args=[entry.pk]))
    return absolute(reverse("moderation:decision_by_link", args=[queries.decision_token(entry)]))


@task()
def send_decision_email_task(action_id: int, language: str = "de") -> int:
    """Tell the member what was decided, on which ground and how to appeal (at most once)."""
    claimed = ModerationAction.objects.filter(
        pk=action_id, emailed_at__isnull=True, member__isnull=False
    ).update(emailed_at=timezone.now())
    if not claimed:
        return 0
    entry = ModerationAction.objects.select_related("member").get(pk=action_id)
    context = {"entry": entry, "url": _link(entry), "appeal_days": queries.APPEAL_DAYS}
    return int(send_required_mail(entry.member, "moderation/email/decision", context, language))


@task()
def send_appeal_decided_email_task(appeal_id: int, language: str = "de") -> int:
    """Tell the member how their appeal was decided (at most once)."""
    claimed = Appeal.objects.filter(
        pk=appeal_id, emailed_at__isnull=True, action__member__isnull=False
    ).update(emailed_at=timezone.now())
    if not claimed:
        return 0
    appeal = Appeal.objects.select_related("action__member", "decision").get(pk=appeal_id)
    entry = appeal.action
    context = {"entry": entry, "appeal": appeal, "decision": appeal.decision, "url": _link(entry)}
    return int(
        send_required_mail(entry.member, "moderation/email/appeal_decided", context, language)
    )


@task()
def send_lifted_email_task(lift_id: int, language: str = "de") -> int:
    """Tell the member that a moderator lifted a sanction about them (at most once)."""
    claimed = ModerationAction.objects.filter(
        pk=lift_id, emailed_at__isnull=True, member__isnull=False, reviews__isnull=False
    ).update(emailed_at=timezone.now())
    if not claimed:
        return 0
    lift = ModerationAction.objects.select_related("member", "reviews").get(pk=lift_id)
    context = {"entry": lift.reviews, "lift": lift, "url": _link(lift.reviews)}
    return int(send_required_mail(lift.member, "moderation/email/lifted", context, language))


@task()
def send_report_outcome_email_task(report_id: int, action_id: int, language: str = "de") -> int:
    """Tell a reporter what the moderators decided on their report (at most once), unless
    they switched these e-mails off. No names: the action, its ground and the public reason,
    as in the public log."""
    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or not wants_mail(report.reporter, MailKind.REPORTS):
        return 0
    entry = ModerationAction.objects.filter(pk=action_id).first()
    if entry is None or not claim_outcome_mail(report_id):
        return 0
    log_url = absolute(reverse("moderation:log") + f"#entry-{entry.pk}")
    context = {"entry": entry, "report": report, "url": log_url}
    return int(
        send_member_mail(
            report.reporter, MailKind.REPORTS, "moderation/email/report_outcome", context, language
        )
    )
