"""How times and amounts read in the member's language: one helper each, used by every page."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_UNITS = (
    (365 * 24 * 3600, lambda n: ngettext("%(n)d year ago", "%(n)d years ago", n)),
    (30 * 24 * 3600, lambda n: ngettext("%(n)d month ago", "%(n)d months ago", n)),
    (7 * 24 * 3600, lambda n: ngettext("%(n)d week ago", "%(n)d weeks ago", n)),
    (24 * 3600, lambda n: ngettext("%(n)d day ago", "%(n)d days ago", n)),
    (3600, lambda n: ngettext("%(n)d hour ago", "%(n)d hours ago", n)),
    (60, lambda n: ngettext("%(n)d minute ago", "%(n)d minutes ago", n)),
)


def time_ago(value: datetime.datetime | None, now: datetime.datetime | None = None) -> str:
    """ "vor 2 Tagen", "gerade eben": the largest whole unit only, in the active language.
    Times in the future (clock skew) read as "just now"."""
    if value is None:
        return ""
    now = now or timezone.now()
    seconds = int((now - value).total_seconds())
    for size, text in _UNITS:
        if seconds >= size:
            n = seconds // size
            return text(n) % {"n": n}
    return _("just now")


def euros(value: Decimal | float | int | None) -> str:
    """An amount in euros with thousands separators and cents in the active language's format:
    "2.400,00 €" in German, "€2,400.00" in English."""
    if value is None:
        return ""
    number = formats.number_format(Decimal(value), decimal_pos=2, force_grouping=True)
    return _("€%(amount)s") % {"amount": number}


def initials(member) -> str:
    """Up to two initials of a member's display name: "AB" for "Anna Berg", "M" for "Maria"."""
    if member is None or getattr(member, "deleted_at", None) is not None:
        return "?"
    profile = getattr(member, "profile", None)
    words = (profile.display_name if profile else "").split()
    letters = [w[0] for w in words if w[0].isalnum()]
    if not letters:
        return "?"
    return (letters[0] + (letters[-1] if len(letters) > 1 else "")).upper()
