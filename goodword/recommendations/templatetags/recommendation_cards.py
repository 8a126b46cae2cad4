"""`{% recommendation_card recommendation viewer %}`: one recommendation, rendered once per
process for everyone it looks the same to.

A card shows the viewer's own buttons (and a CSRF token) only when the viewer wrote it or is
its subject; for every other viewer it is the same HTML. That HTML is kept in a small table per
process under a digest of everything the template reads (the recommendation's fields, both
names, its topics, the language), so a changed recommendation or name is a new key and a stale
card is never shown: nothing has to be invalidated.
"""

import hashlib

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from goodword.core.kept import KeptTable

register = template.Library()

TEMPLATE = "recommendations/_recommendation.html"
CARDS_KEPT = 2_000

_cards = KeptTable(CARDS_KEPT)


def _key(rec, viewer) -> bytes:
    parts = (
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
        get_language(),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()


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
    key = _key(recommendation, viewer)
    html = _cards.get(key)
    if html is None:
        html = render_to_string(TEMPLATE, values)
        _cards.put(key, html)
    return mark_safe(html)  # noqa: S308 - rendered by our own template
