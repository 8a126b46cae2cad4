from django import template

from goodword.moderation.queries import is_moderator as _is_moderator

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    """`{% if user|is_moderator %}`: the moderation queue link in the navigation."""
    return _is_moderator(user)
