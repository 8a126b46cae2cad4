"""{% load goodword %}: the site's formatting filters (see `goodword.core.formats`)."""

from django import template

from goodword.core import formats

register = template.Library()


@register.filter
def ago(value):
    """{{ notice.created_at|ago }} → "vor 2 Tagen", "gerade eben" (instead of `timesince`)."""
    return formats.time_ago(value)


@register.filter
def euros(value):
    """{{ referral.amount|euros }} → "2.400,00 €"."""
    return formats.euros(value)


@register.filter
def initials(member) -> str:
    """{{ member|initials }} → "AB" for Anna Berg; "?" without a name or after deletion."""
    return formats.initials(member)
