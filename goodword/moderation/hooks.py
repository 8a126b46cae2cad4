"""What moderation contributes to the extension points in `goodword.core.hooks`."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from goodword.core import hooks
from goodword.core.export import iso

from . import queries
from .models import Action, Appeal, ModerationAction, Moderator

# Moderators approve sign-up requests (invitations, docs/invitations.md).
hooks.register(hooks.MEMBER_MODERATES)(queries.is_moderator)


@hooks.register(hooks.MEMBER_RESTRICTION)
def restricted_by_a_moderator(member) -> str | None:
    """A restriction in force: the member may read and appeal, but start nothing new."""
    entry = queries.active_sanction(member, Action.RESTRICT)
    if entry is None:
        return None
    return _(
        "A moderator has restricted your account until %(date)s (%(ground)s): until then you "
        "cannot start contact, write messages or post. You can read everything and appeal "
        "the decision from its notice under Notifications."
    ) % {
        "date": formats.date_format(entry.ends_at, "DATE_FORMAT"),
        "ground": entry.get_ground_display(),
    }


def _entry(entry: ModerationAction) -> dict[str, Any]:
    return {
        "date": iso(entry.created_at),
        "action": entry.action,
        "ground": entry.ground,
        "reason": entry.reason,
        "content": entry.content_kind,
        "lifted_at": iso(entry.lifted_at),
    }


def _report_about(report) -> str:
    if report.recommendation_id:
        return "recommendation"
    return "profile" if report.about_profile else "conversation"


@hooks.register(hooks.MEMBER_EXPORT)
def export_moderation(user) -> dict[str, Any]:
    """The member's own reports (with the decision), the moderation actions about them and
    their appeals. Not the reporters of reports about them, nor the moderators' names."""
    reports = user.reports_made.order_by("created_at")
    actions = ModerationAction.objects.filter(member=user).order_by("created_at")
    appeals = Appeal.objects.filter(member=user).select_related("decision").order_by("created_at")
    return {
        "moderation": {
            "reports_made": [
                {
                    "reported_member_id": r.reported_id,
                    "about": _report_about(r),
                    "recommendation_id": r.recommendation_id,
                    "reason": r.reason,
                    "note": r.note,
                    "status": r.status,
                    "reported_at": iso(r.created_at),
                    "decided_at": iso(r.resolved_at),
                }
                for r in reports
            ],
            "actions_about_me": [_entry(a) for a in actions],
            "appeals": [
                {
                    "decision_date": iso(a.action.created_at) if a.action_id else None,
                    "text": a.text,
                    "filed_at": iso(a.created_at),
                    "outcome": a.decision.action if a.decision else None,
                }
                for a in appeals
            ],
            "moderator": Moderator.objects.filter(user=user).exists(),
        }
    }


@hooks.register(hooks.MEMBER_ERASING)
def erase_moderation(user) -> None:
    """The role and the texts of the member's appeals go. The log entries stay (the public
    log rests on them), attributed to the anonymous placeholder the account row becomes."""
    Moderator.objects.filter(user=user).delete()
    Appeal.objects.filter(member=user).update(text="")
