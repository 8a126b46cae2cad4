"""The privacy model, proven by a differential test (issue 8, point 1).

On a seeded network, every observable of every member other than the marker is recorded
before and after one private mark of each level on a member nobody else has marked, and
must be identical: network (page and API), connection paths (API), connection page text,
search for the target's topic (results and order, page and API), contact checks for every
intent, whether one may answer or offer on each open request, notifications and e-mails.
"""

import random
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from goodword.accounts.tests.factories import UserFactory
from goodword.api.services import create_token
from goodword.asks import services as asks
from goodword.asks.models import Visibility
from goodword.messaging.models import Intent
from goodword.recommendations.models import Relationship, Status
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.search.services import refresh_search_document
from goodword.trust import weights
from goodword.trust.adapter import get_network
from goodword.trust.models import MarkLevel
from goodword.trust.services import clear_trust_mark, set_trust_mark

pytestmark = pytest.mark.django_db

CSRF = re.compile(
    r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|name="csrf-token" content=")[^"]+'
)
TOPIC = "Steuerberatung"
ASK_TEXT = "Ich suche Hilfe bei der Steuererklärung für meine kleine Werkstatt."

NAMES = [
    ("Mara Marker", "Tischlerin"),  # 0: the marker
    ("Bernd Borrows", "Elektriker"),  # 1: publicly recommended Mara: borrows her trust
    ("Carla Public", "Grafikerin"),  # 2: Mara publicly recommended her
    ("Dieter Voice", "Steuerberater"),  # 3: publicly recommends the target
    ("Emil Far", "Maler"),  # 4
    ("Tanja Target", "Steuerberaterin"),  # 5: the target, marked by nobody else
    ("Vera Stranger", "Fotografin"),  # 6: no public recommendations at all
    ("Willi Web", "Webentwickler"),  # 7
    ("Zora Zweig", "Steuerberaterin"),  # 8: a competitor of the target in search
]


@pytest.fixture
def network(db):
    users = [UserFactory(display_name=name, profession=job, city="Köln") for name, job in NAMES]
    edges = {(1, 0), (0, 2), (3, 5), (4, 3), (1, 4), (2, 7), (7, 8), (8, 3), (5, 7), (4, 8)}
    rng = random.Random(8)  # a few more, seeded: the same network on every run
    while len(edges) < 18:
        a, b = rng.sample(range(len(users)), 2)
        if 6 not in (a, b) and (a, b) != (0, 5) and b != 0:
            edges.add((a, b))
    for a, b in sorted(edges):
        RecommendationFactory(
            author=users[a],
            subject=users[b],
            status=Status.ACCEPTED,
            topics=[TOPIC] if b in (5, 8, 3) else ["Handwerk"],
            relationship=Relationship.WORKED_TOGETHER,
            known_since=2016,
        )
    for user in users:
        refresh_search_document(user.pk)
    requests = [
        asks.post_ask(
            users[i],
            title=f"Steuerfrage {i}",
            text=ASK_TEXT,
            topic_names=[TOPIC],
            city="Köln",
            visibility=Visibility.MEMBERS,
        )
        for i in (0, 5, 3)
    ]
    get_network().reset()
    return users, requests


def snapshot(client, users, requests, observer, token) -> dict[str, object]:
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "de"}
    html = {"HTTP_ACCEPT_LANGUAGE": "de"}
    client.force_login(observer)
    out: dict[str, object] = {}

    def page(key, url, **extra):
        response = client.get(url, **html, **extra)
        out[key] = (response.status_code, CSRF.sub("", response.content.decode()))

    out["api network"] = client.get("/api/v1/trust/network", **api).json()
    out["api network topic"] = client.get(
        "/api/v1/trust/network", {"topic": "steuerberatung"}, **api
    ).json()
    page("network", reverse("trust:network"))
    out["api search"] = client.get("/api/v1/search", {"q": TOPIC}, **api).json()
    page("search", reverse("search:search") + f"?q={TOPIC}")
    for member in users:
        if member == observer:
            continue
        out[f"paths {member}"] = client.get(f"/api/v1/trust/paths/{member.pk}", **api).json()
        page(f"connection {member}", reverse("trust:connection", args=[member.pk]))
        for intent in (Intent.QUESTION, Intent.OFFER):
            out[f"contact {member} {intent}"] = client.get(
                f"/api/v1/messaging/contact-check/{member.pk}", {"intent": intent}, **api
            ).json()
    for ask in requests:
        page(f"request {ask.pk}", reverse("asks:detail", args=[ask.pk]))
        out[f"may offer {ask.pk}"] = asks.may_offer(ask, observer)
    out["notifications"] = client.get("/api/v1/notifications", **api).json()
    page("notifications page", reverse("notifications:list"))
    out["mails"] = [(m.to, m.subject, m.body) for m in mail.outbox]
    return out


def test_one_private_mark_changes_nothing_anyone_else_can_observe(
    client, network, django_capture_on_commit_callbacks
):
    users, requests = network
    marker, target = users[0], users[5]
    observers = [u for u in users if u != marker]
    tokens = {u.pk: create_token(u, "t")[1] for u in observers}
    before = {u.pk: snapshot(client, users, requests, u, tokens[u.pk]) for u in observers}

    for level in MarkLevel.values:  # one mark at a time, each level in turn
        with django_capture_on_commit_callbacks(execute=True):
            set_trust_mark(marker, target, level)
        # The mark is live in the marker's own view (so the comparison below is real).
        own = get_network().own_edge(marker.pk, target.pk)
        assert own == pytest.approx(weights.MARK_WEIGHT[level]), level
        for observer in observers:
            after = snapshot(client, users, requests, observer, tokens[observer.pk])
            for key, value in before[observer.pk].items():
                assert after[key] == value, (level, str(observer), key)
        with django_capture_on_commit_callbacks(execute=True):
            clear_trust_mark(marker, target)


def test_the_scene_is_sensitive(client, network, django_capture_on_commit_callbacks):
    """The observables do see public changes: a new public recommendation by the marker of
    the target changes what Bernd (who recommended the marker) sees. So identity above is not
    an accident of observables that never change."""
    users, requests = network
    bernd = users[1]
    token = create_token(bernd, "t")[1]
    before = snapshot(client, users, requests, bernd, token)
    RecommendationFactory(author=users[0], subject=users[5], status=Status.ACCEPTED, topics=[TOPIC])
    from goodword.trust.services import request_trust_refresh

    with django_capture_on_commit_callbacks(execute=True):
        request_trust_refresh(users[0].pk, users[5].pk)
    after = snapshot(client, users, requests, bernd, token)
    assert after[f"paths {users[5]}"] != before[f"paths {users[5]}"]


def test_one_definition_of_closeness_everywhere(client, db):
    """Sigmund recommended the viewer, nothing else connects them: search, the network's words,
    the connection page and the request form all agree that he is close, and no page says that
    nobody recommended someone while a public path exists."""
    from goodword.introductions.queries import get_trusted_contacts
    from goodword.trust.queries import describe_closeness, is_trusted_contact

    viewer = UserFactory(display_name="Demo Viewer", city="Köln")
    sigmund = UserFactory(display_name="Sigmund Steuer", profession="Steuerberater")
    RecommendationFactory(author=sigmund, subject=viewer, status=Status.ACCEPTED, topics=[TOPIC])
    refresh_search_document(sigmund.pk)
    refresh_search_document(viewer.pk)
    asker = UserFactory(display_name="Asker")
    ask = asks.post_ask(
        asker, title="Hilfe", text=ASK_TEXT, city="Köln", visibility=Visibility.MEMBERS
    )
    assert sigmund in get_trusted_contacts(viewer) and is_trusted_contact(viewer, sigmund)
    client.force_login(viewer)
    form = client.get(reverse("asks:detail", args=[ask.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "Sigmund Steuer" in form.content.decode()  # offered as a trusted contact
    token = create_token(viewer, "t")[1]
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "de"}
    found = client.get("/api/v1/search", {"q": "Steuerberater"}, **api).json()["results"]
    entry = next(r for r in found if r["member_id"] == sigmund.pk)
    assert entry["closeness"] != "keine Verbindung" and entry["connected"]
    paths = client.get(f"/api/v1/trust/paths/{sigmund.pk}", **api).json()
    assert paths["recommended_you"] and paths["closeness"] == "nah"
    with translation.override("de"):
        assert describe_closeness(viewer, sigmund.pk) == "nah"
    page = client.get(reverse("trust:connection", args=[sigmund.pk]), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert "Sigmund Steuer hat dich empfohlen" in html
    assert "niemand" not in html.lower()
