from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BREACH_GROUNDS, QUEUE_ACTIONS, Action, Ground, grounds_for
from .services import MAX_APPEAL_LENGTH, MAX_REASON_LENGTH


def _grounds(with_appeal_only: bool) -> list:
    groups = [
        (_("A breach of the rules (warn, hide, restrict, suspend, confirm)"), BREACH_GROUNDS),
        (_("No breach (dismiss, lift)"), (Ground.NO_BREACH, Ground.NOT_ENOUGH)),
    ]
    if with_appeal_only:
        groups.append((_("Lift only"), (Ground.DISPROPORTIONATE,)))
    return [("", _("Choose a ground"))] + [
        (label, [(g.value, g.label) for g in grounds]) for label, grounds in groups
    ]


REASON_HELP = _(
    "Shown in the public moderation log and to the member: no names, nothing from private messages."
)


class ActionForm(forms.Form):
    reports = forms.TypedMultipleChoiceField(
        label=_("Reports decided with this"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(a.value, a.label) for a in QUEUE_ACTIONS],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=_grounds(False))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, open_reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].choices = [
            (r.pk, f"{r.reporter} · {r.get_reason_display()} · {r.created_at:%Y-%m-%d}")
            for r in open_reports
        ]
        if not self.is_bound:
            self.initial["reports"] = [r.pk for r in open_reports]


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision be changed?"),
        max_length=MAX_APPEAL_LENGTH,
        help_text=_("Only the moderators read your appeal."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Action.LIFT.value, _("Lift: undo the action")),
            (Action.CONFIRM.value, _("Confirm: the action stays")),
        ],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=_grounds(True))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _lift_grounds() -> list:
    return [("", _("Choose a ground"))] + [(g.value, g.label) for g in grounds_for(Action.LIFT)]


class LiftForm(forms.Form):
    """A moderator lifts a sanction that stands, outside an appeal."""

    ground = forms.ChoiceField(label=_("Ground"), choices=_lift_grounds())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON_LENGTH,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
