"""{% load goodword %}: the site's formatting filters (see `goodword.core.formats`) and links
for the rows of lists (`goodword.core.links`)."""

from django import template

from goodword.core import formats, links

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


@register.simple_tag
def id_url(viewname: str, pk: int) -> str:
    """{% id_url "accounts:profile" member.pk %}: `{% url %}` for a view taking one id."""
    return links.id_url(viewname, pk)
