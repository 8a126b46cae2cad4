"""Background work of meetings: the e-mails behind in-app notices, and reminders.

Each e-mail goes out at most once: a notice's e-mail is claimed through its `emailed_at`, a
reminder through the RSVP's `reminded_at` (atomic updates, so a retried or doubled run never
mails twice). Members switch these e-mails off with the "meetings" mail kind.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from goodword.notifications.models import Kind as NoticeKind
from goodword.notifications.models import Notification
from goodword.notifications.services import notify
from goodword.subscriptions.models import MailKind
from goodword.subscriptions.services import absolute, send_member_mail

from .models import Answer, Meeting, MeetingStatus, OneToOne, OneToOneStatus, Rsvp

# How long before a meeting its reminder goes out (the timer runs every hour).
REMINDER_BEFORE = timedelta(hours=24)

TEMPLATES = {
    NoticeKind.MEETING_CHANGED: "meetings/email/changed",
    NoticeKind.MEETING_CANCELLED: "meetings/email/cancelled",
    NoticeKind.MEETING_SEAT: "meetings/email/seat",
    NoticeKind.ONE_TO_ONE_PROPOSED: "meetings/email/one_to_one_proposed",
    NoticeKind.ONE_TO_ONE_ACCEPTED: "meetings/email/one_to_one_accepted",
    NoticeKind.ONE_TO_ONE_DECLINED: "meetings/email/one_to_one_declined",
    NoticeKind.ONE_TO_ONE_CANCELLED: "meetings/email/one_to_one_cancelled",
}


def _subject(kind: str, object_id: int):
    if kind == "meeting":
        return Meeting.objects.select_related("circle", "group").filter(pk=object_id).first()
    return (
        OneToOne.objects.select_related("proposer__profile", "invitee__profile")
        .filter(pk=object_id)
        .first()
    )


@task()
def send_notice_mails_task(
    kind: str, object_id: int, notification_ids: list[int], language: str = "de"
) -> int:
    """E-mail the notices `notification_ids` about a meeting or one-to-one (`kind`)."""
    thing = _subject(kind, object_id)
    if thing is None:
        return 0
    sent = 0
    notices = Notification.objects.select_related("recipient", "actor__profile").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    )
    for notice in notices:
        template = TEMPLATES.get(notice.kind)
        if template is None:
            continue
        claimed = Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        context = {
            kind: thing,
            "actor": notice.actor,
            "url": absolute(notice.url or "/"),
        }
        if kind == "one_to_one":
            context["other"] = thing.other(notice.recipient)
        sent += send_member_mail(notice.recipient, MailKind.MEETINGS, template, context, language)
    return sent


@task()
def send_meeting_reminders_task(language: str = "de") -> int:
    """Remind everyone who said yes or maybe (not those still waiting) of a meeting that starts
    within `REMINDER_BEFORE`, and both members of an agreed one-to-one: an in-app notice and an
    e-mail, once."""
    now = timezone.now()
    due = Rsvp.objects.filter(
        reminded_at__isnull=True,
        answer__in=[Answer.YES, Answer.MAYBE],
        waiting=False,
        member__is_active=True,
        meeting__status=MeetingStatus.SCHEDULED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + REMINDER_BEFORE,
    ).select_related("meeting__circle", "meeting__group", "member")
    sent = 0
    for rsvp in due:
        with transaction.atomic():
            claimed = Rsvp.objects.filter(pk=rsvp.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            url = reverse("meetings:detail", args=[rsvp.meeting_id])
            notify(rsvp.member, NoticeKind.MEETING_REMINDER, None, url)
        sent += send_member_mail(
            rsvp.member,
            MailKind.MEETINGS,
            "meetings/email/reminder",
            {"meeting": rsvp.meeting, "rsvp": rsvp, "url": absolute(url)},
            language,
        )
    return sent + _remind_one_to_ones(now, language)


def _remind_one_to_ones(now, language: str) -> int:
    due = OneToOne.objects.filter(
        reminded_at__isnull=True,
        status=OneToOneStatus.ACCEPTED,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    ).select_related("proposer__profile", "invitee__profile")
    sent = 0
    for one_to_one in due:
        with transaction.atomic():
            claimed = OneToOne.objects.filter(pk=one_to_one.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            url = reverse("meetings:one_to_one", args=[one_to_one.pk])
            members = [m for m in (one_to_one.proposer, one_to_one.invitee) if m.is_active]
            for member in members:
                notify(member, NoticeKind.MEETING_REMINDER, None, url)
        for member in members:
            sent += send_member_mail(
                member,
                MailKind.MEETINGS,
                "meetings/email/one_to_one_reminder",
                {"one_to_one": one_to_one, "other": one_to_one.other(member), "url": absolute(url)},
                language,
            )
    return sent
