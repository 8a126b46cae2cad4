"""Circle forms only parse input; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from goodword.moderation.models import BREACH_GROUNDS

from .models import Access, PostIntent
from .services import NOTE_MAX, POST_MAX, PURPOSE_MAX, REASON_MAX


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name of the circle"), required=False, max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        help_text=_("What do the members want to achieve together? Profession and goals first."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": PURPOSE_MAX}),
    )
    values = forms.CharField(
        label=_("Stated values"),
        required=False,
        help_text=_(
            "One to seven short sentences, one per line. Everyone who joins agrees to them, "
            "e.g. “We keep what is said in the circle to ourselves.”"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=200)
    is_online = forms.BooleanField(label=_("The circle meets online"), required=False)
    access = forms.ChoiceField(
        label=_("Who may join?"),
        choices=Access.choices,
        initial=Access.OPEN,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose whether the circle is open or closed."),
            "invalid_choice": _("Please choose whether the circle is open or closed."),
        },
    )
    topics = forms.CharField(
        label=_("Topics (optional)"),
        required=False,
        help_text=_("Up to five, separated by commas, e.g. “Coaching, Leadership”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class JoinForm(forms.Form):
    agree = forms.BooleanField(label=_("I agree to the circle's values"), required=False)
    note = forms.CharField(
        label=_("A word to the moderators (optional)"),
        required=False,
        help_text=_("Why would you like to join? What do you want to work on?"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": NOTE_MAX}),
    )


class AcceptInvitationForm(forms.Form):
    agree = forms.BooleanField(label=_("I agree to the circle's values"), required=False)


class InviteForm(forms.Form):
    """`choices`: the members the moderator may invite, as (id, name) pairs (their network)."""

    member = forms.TypedChoiceField(
        label=_("Whom do you invite?"),
        coerce=int,
        help_text=_("Members of your network who are not in the circle yet."),
        error_messages={
            "required": _("Please choose a member."),
            "invalid_choice": _("Please choose a member."),
        },
    )
    note = forms.CharField(
        label=_("A personal word (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Please choose")), *choices]


class PostForm(forms.Form):
    intent = forms.ChoiceField(
        label=_("What is your post about?"),
        choices=PostIntent.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what your post is about."),
            "invalid_choice": _("Please choose what your post is about."),
        },
    )
    text = forms.CharField(
        label=_("Your post"),
        required=False,
        help_text=_(
            "Ask, share and report. Asking the circle for help is welcome; offers and pitches "
            "are not what the board is for."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": POST_MAX}),
    )


class ReasonForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=[("", _("Please choose")), *[(g.value, g.label) for g in BREACH_GROUNDS]],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        help_text=_(
            "The member concerned and the circle's moderators see it; the public moderation "
            "log shows it without names. Write nothing private."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX}),
    )


class EmailInviteForm(forms.Form):
    """Invite someone by e-mail: a member gets the circle invitation, anyone else an
    invitation to Goodword that names the circle."""

    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Please enter the e-mail address to invite."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )
    note = forms.CharField(
        label=_("How do you know each other?"),
        help_text=_(
            "Inviting someone to Goodword is a first good word for them: it is shown to them "
            "and counts as a modest trust edge from you."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 240}),
        error_messages={"required": _("Please say in a few words how you know each other.")},
    )
