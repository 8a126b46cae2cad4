"""Search never reveals a private trust mark: not its level, not who set it."""

import pytest
from django.urls import reverse

from goodword.trust.adapter import get_network
from goodword.trust.models import MarkLevel
from goodword.trust.services import set_trust_mark

from .helpers import member, recommend

pytestmark = pytest.mark.django_db


def test_a_private_mark_is_never_named_in_search(client):
    viewer = member(display_name="Vera Viewer")
    marker = member(display_name="Magda Markiert")
    carpenter = member(display_name="Karla Kante", profession="Tischlerin")
    recommend(marker, "Magda ist die verlässlichste Kollegin, die ich kenne.", author=viewer)
    set_trust_mark(marker, carpenter, MarkLevel.VOUCH)
    get_network().reset()

    client.force_login(viewer)
    html = client.get(reverse("search:search"), {"q": "Tischlerin"}).content.decode()
    data = client.get("/api/v1/search", {"q": "Tischlerin"}).json()
    assert "Karla Kante" in html
    first = data["results"][0]
    assert first["member_id"] == carpenter.pk
    # Magda's mark shapes Magda's view only: Vera borrows nothing from it.
    assert not first["connected"]
    assert first["path"] == ""
    for text in (html, str(data)):
        assert "Magda Markiert" not in text
        for level in MarkLevel:
            assert str(level.label) not in text
            assert level.value not in text
