from django import template

from goodword.referrals.queries import get_referral_counts

register = template.Library()


@register.simple_tag
def referral_counts(member) -> dict[str, int]:
    """{% referral_counts member as counts %}: passed and led-to-business counts."""
    return get_referral_counts(member)
