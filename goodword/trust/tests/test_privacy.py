"""A private mark never shows to anyone but the marker: not to the marked member, not to
members who trust the marker, in no page, fragment, API answer, notification or export."""

import json
import re

import pytest
from django.urls import reverse

from goodword.accounts.tests.factories import UserFactory
from goodword.api.auth import hash_token, new_token_secret
from goodword.api.models import ApiToken
from goodword.notifications.models import Notification
from goodword.trust.models import MarkLevel, TrustMark
from goodword.trust.services import set_trust_mark

from .conftest import recommend

pytestmark = pytest.mark.django_db

LEVEL_WORDS = [
    *(f'"{value}"' for value in MarkLevel.values),  # as a JSON value or an attribute
    *(f"={value}" for value in MarkLevel.values),
    "I would vouch for them with my name",
    "Ich würde mich mit meinem Namen für sie verbürgen",
    "I would not recommend them",
    "Ich würde sie nicht empfehlen",
    "I have worked with them",
    "Ich habe mit ihr zusammengearbeitet",
]
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


@pytest.fixture
def scene(db, django_capture_on_commit_callbacks):
    """Mara privately vouches for Tom and distrusts Dirk. Sina publicly recommends Mara, so
    Mara's marks shape Sina's view. Tom and Dirk are the marked members."""
    mara = UserFactory(display_name="Mara Marker")
    tom = UserFactory(display_name="Tom Marked")
    dirk = UserFactory(display_name="Dirk Distrusted")
    sina = UserFactory(display_name="Sina Second")
    other = UserFactory(display_name="Otto Other")
    recommend(sina, mara)
    recommend(other, dirk)
    recommend(sina, other)
    recommend(tom, other)
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(mara, tom, MarkLevel.VOUCH)
        set_trust_mark(mara, dirk, MarkLevel.WOULD_NOT_RECOMMEND)
    return {"mara": mara, "tom": tom, "dirk": dirk, "sina": sina, "other": other}


def reachable(client, viewer, scene, lang) -> dict[str, str]:
    """Every page and endpoint `viewer` can reach that could mention the marks."""
    raw = new_token_secret()
    ApiToken.objects.create(user=viewer, name="t", token_hash=hash_token(raw), prefix=raw[:8])
    api = {"authorization": f"Bearer {raw}", "Accept-Language": lang}
    client.force_login(viewer)
    html = {"Accept-Language": lang}
    htmx = {**html, "HX-Request": "true"}
    out = {}
    for name, user in scene.items():
        out[f"profile {name}"] = client.get(
            reverse("accounts:profile", args=[user.pk]), headers=html
        )
        url = reverse("trust:connection", args=[user.pk])
        out[f"connection {name}"] = client.get(url, headers=html)
        out[f"fragment {name}"] = client.get(url, headers=htmx)
        out[f"api paths {name}"] = client.get(f"/api/v1/trust/paths/{user.pk}", headers=api)
        out[f"api mark {name}"] = client.get(f"/api/v1/trust/marks/{user.pk}", headers=api)
        out[f"api member {name}"] = client.get(f"/api/v1/members/{user.pk}", headers=api)
    out["network"] = client.get(reverse("trust:network"), headers=html)
    out["api network"] = client.get("/api/v1/trust/network", headers=api)
    out["notifications"] = client.get(reverse("notifications:list"), headers=html)
    out["export"] = client.post(reverse("accounts:export"), headers=html)
    out["directory"] = client.get(reverse("directory:list"), headers=html)
    out["api me"] = client.get("/api/v1/members/me", headers=api)
    for key, response in out.items():
        assert response.status_code in (200, 404), (key, response.status_code)
    return {key: CSRF.sub("", r.content.decode()) for key, r in out.items()}


def assert_no_mark_words(pages: dict[str, str]):
    for key, text in pages.items():
        for checked in re.findall(r"<input[^>]*checked[^>]*>", text):
            pytest.fail(f"{key}: a mark level is pre-selected: {checked}")
        without_forms = re.sub(r"<form.*?</form>", "", text, flags=re.S)
        for word in LEVEL_WORDS:
            assert word not in without_forms, (key, word)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("who", ["tom", "dirk"])
def test_the_marked_member_sees_exactly_what_they_saw_before(
    client, scene, who, lang, django_capture_on_commit_callbacks
):
    marked = scene[who]
    with_marks = reachable(client, marked, scene, lang)
    assert_no_mark_words(with_marks)
    with django_capture_on_commit_callbacks(execute=True):
        for mark in TrustMark.objects.all():
            from goodword.trust.services import clear_trust_mark

            clear_trust_mark(mark.marker, mark.member)
    without_marks = reachable(client, marked, scene, lang)
    for key in with_marks:
        if key == "export":  # carries a timestamp
            continue
        assert with_marks[key] == without_marks[key], key
    assert not Notification.objects.filter(recipient=marked).exists()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_someone_trusting_the_marker_never_sees_the_mark(client, scene, lang):
    sina, mara, tom = scene["sina"], scene["mara"], scene["tom"]
    pages = reachable(client, sina, scene, lang)
    assert_no_mark_words(pages)
    # Mara's marks shape Mara's view only: Sina borrows nothing from them, so Tom (reached
    # only through Mara's mark) is not connected to Sina at all.
    paths = json.loads(pages["api paths tom"])
    assert paths["paths"] == []
    assert "Mara Marker" not in pages["api paths tom"]
    for key in ("connection tom", "fragment tom"):
        assert "Mara Marker" not in pages[key], key
    network = re.search(r"<strong>Tom Marked</strong>.*?</li>", pages["network"], re.S)
    if network:
        assert "Mara Marker" not in network.group(0)
    for member in json.loads(pages["api network"])["members"]:
        if member["id"] == tom.pk:
            assert "Mara Marker" not in member["path_text"]
            assert "Mara Marker" not in member["path"]
    assert str(mara.pk) not in pages["api mark tom"].replace(f'"member_id": {tom.pk}', "")


def test_the_marker_sees_their_own_mark(client, scene):
    client.force_login(scene["mara"])
    url = reverse("trust:connection", args=[scene["tom"].pk])
    html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert re.search(r'value="vouch"[^>]*checked', html)
    assert "Your private mark for Tom Marked" in html
