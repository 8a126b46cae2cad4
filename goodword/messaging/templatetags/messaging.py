from django import template

from goodword.messaging.queries import has_blocked as _has_blocked

register = template.Library()


@register.simple_tag
def has_blocked(viewer, member) -> bool:
    """{% has_blocked viewer member as blocked %}: whether the viewer has blocked the member."""
    return _has_blocked(viewer, member)
