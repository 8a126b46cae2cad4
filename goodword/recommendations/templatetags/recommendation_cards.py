"""`{% recommendation_card recommendation viewer %}`: one recommendation, rendered once per
process for everyone it looks the same to.

A card shows the viewer's own buttons (and a CSRF token) only when the viewer wrote it or is
its subject; for every other viewer it is the same HTML. That HTML is kept per process
(`core.fragments`) under a digest of everything the template reads (the recommendation's
fields, both names, its topics), so a changed recommendation or name is a new key and a stale
card is never shown: nothing has to be invalidated.
"""

from django import template
from django.template.loader import render_to_string

from goodword.core.fragments import KeptFragments

register = template.Library()

TEMPLATE = "recommendations/_recommendation.html"
CARDS_KEPT = 2_000

_cards = KeptFragments(TEMPLATE, CARDS_KEPT)


def _key(rec, viewer) -> tuple:
    return (
        # Visitors see the names of members-only members as "a member".
        bool(getattr(viewer, "is_authenticated", False)),
        rec.author.profile.visibility,
        rec.subject.profile.visibility,
        rec.pk,
        rec.status,
        rec.relationship,
        rec.known_since,
        rec.text_html,
        rec.hidden_by_moderators_at,
        rec.author_id,
        rec.subject_id,
        rec.author.profile.display_name,
        rec.subject.profile.display_name,
        tuple(t.name for t in rec.topics.all()),
    )


@register.simple_tag(takes_context=True)
def recommendation_card(context, recommendation, viewer):
    """The card of `recommendation` as `viewer` sees it (cached unless it is theirs)."""
    values = {"recommendation": recommendation, "viewer": viewer}
    party = getattr(viewer, "is_authenticated", False) and viewer.pk in (
        recommendation.author_id,
        recommendation.subject_id,
    )
    if party:
        return render_to_string(TEMPLATE, values, request=context.get("request"))
    return _cards.render(_key(recommendation, viewer), values)
