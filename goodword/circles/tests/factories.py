"""Test data for circles.

founder = established(UserFactory())        # joined long enough ago to found a circle
circle = found(founder)                      # an open circle in Köln
circle = found(founder, access="closed")
join(circle, member)                         # asks and is admitted by the founder
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from goodword.circles import services
from goodword.circles.models import Access

VALUES = ["Wir behalten für uns, was im Kreis gesagt wird.", "Wir helfen, bevor wir fragen."]
PURPOSE = "Selbstständige Coaches, die sich gegenseitig bei Akquise und Weiterbildung helfen."


def established(user):
    """The member joined long enough ago to be in good standing."""
    user.date_joined = timezone.now() - timedelta(days=settings.NEW_ACCOUNT_DAYS + 30)
    user.save(update_fields=["date_joined"])
    return user


def found(founder, *, name="Coaching-Kreis Köln", access=Access.OPEN, **kwargs):
    established(founder)
    fields = {"purpose": PURPOSE, "values": VALUES, "city": "Köln", "access": access, **kwargs}
    return services.found_circle(founder, name=name, **fields)


def join(circle, member, moderator=None):
    """`member` asks to join and a moderator (the founder by default) admits them."""
    moderator = moderator or circle.founder
    if circle.access == Access.CLOSED:
        invitation = services.invite(circle, moderator, member)
        return services.accept_invitation(invitation, member, agree=True)
    request = services.ask_to_join(circle, member, agree=True)
    return services.admit(request, moderator)
