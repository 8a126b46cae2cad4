from django import template

from .. import queries

register = template.Library()


@register.simple_tag
def invited_by(member):
    """Who invited `member` (a public fact of the invitation tree), or None."""
    return queries.get_inviter(member)
