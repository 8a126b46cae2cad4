"""The circles API: same services and access rules as the pages."""

import pytest

from goodword.api.services import create_token
from goodword.circles.models import Circle, JoinRequest, Membership, Post

from .factories import VALUES, established, found, join

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


def test_found_join_admit_post_through_the_api(client, anna, maria):
    established(anna)
    body = {
        "name": "Digitale Kreative",
        "purpose": "Wir helfen uns gegenseitig, als Freiberufler sichtbar zu werden.",
        "values": VALUES,
        "is_online": True,
        "access": "open",
        "topics": ["Design"],
    }
    created = client.post("/api/v1/circles", body, content_type="application/json", **auth(anna))
    assert created.status_code == 201, created.content
    circle_id = created.json()["id"]
    assert created.json()["role"] == "founder" and created.json()["topics"] == ["Design"]

    as_maria = auth(maria)
    url = f"/api/v1/circles/{circle_id}/join"
    refused = client.post(url, {}, content_type="application/json", **as_maria)
    assert refused.status_code == 400
    assert "agree" in refused.json()["errors"]
    asked = client.post(url, {"agree": True}, content_type="application/json", **as_maria)
    assert asked.status_code == 201
    twice = client.post(url, {"agree": True}, content_type="application/json", **as_maria)
    assert twice.status_code == 400 and "already asked" in twice.json()["detail"]
    request_id = asked.json()["id"]
    # The board is for members only; admitting is for moderators only.
    assert client.get(f"/api/v1/circles/{circle_id}/posts", **as_maria).status_code == 404
    assert client.get(f"/api/v1/circles/{circle_id}/requests", **as_maria).status_code == 404
    assert (
        client.post(f"/api/v1/circles/requests/{request_id}/admit", **as_maria).status_code == 403
    )

    as_anna = auth(anna)
    pending = client.get(f"/api/v1/circles/{circle_id}/requests", **as_anna).json()
    assert [r["applicant_id"] for r in pending] == [maria.pk]
    admitted = client.post(f"/api/v1/circles/requests/{request_id}/admit", **as_anna)
    assert admitted.status_code == 200 and admitted.json()["status"] == "admitted"

    posted = client.post(
        f"/api/v1/circles/{circle_id}/posts",
        {"intent": "goal", "text": "Bis Juni drei neue Kunden"},
        content_type="application/json",
        **as_maria,
    )
    assert posted.status_code == 201
    bad = client.post(
        f"/api/v1/circles/{circle_id}/posts",
        {"intent": "offer", "text": "Sonderangebot"},
        content_type="application/json",
        **as_maria,
    )
    assert bad.status_code == 400 and "intent" in bad.json()["errors"]
    board = client.get(f"/api/v1/circles/{circle_id}/posts", **as_maria).json()
    assert [p["text"] for p in board] == ["Bis Juni drei neue Kunden"]
    members = client.get(f"/api/v1/circles/{circle_id}/members", **as_maria).json()
    assert {m["member_id"] for m in members} == {anna.pk, maria.pk}
    mine = client.get("/api/v1/circles", **as_maria).json()
    assert [(c["id"], c["role"]) for c in mine] == [(circle_id, "member")]


def test_new_accounts_and_empty_names_are_refused(client, anna):
    body = {"name": "", "purpose": "x" * 30, "values": ["Ehrlichkeit"], "city": "Köln"}
    new = client.post("/api/v1/circles", body, content_type="application/json", **auth(anna))
    assert new.status_code == 403
    established(anna)
    empty = client.post("/api/v1/circles", body, content_type="application/json", **auth(anna))
    assert empty.status_code == 400 and "name" in empty.json()["errors"]
    assert not Circle.objects.exists()


def test_closed_circles_and_moderation_through_the_api(client, anna, maria, sven):
    circle = found(anna, access="closed")
    join(circle, maria)
    as_sven = auth(sven)
    assert client.get(f"/api/v1/circles/{circle.pk}", **as_sven).status_code == 404
    joined = client.post(
        f"/api/v1/circles/{circle.pk}/join",
        {"agree": True},
        content_type="application/json",
        **as_sven,
    )
    assert joined.status_code == 404
    assert not JoinRequest.objects.exists()

    invited = client.post(
        f"/api/v1/circles/{circle.pk}/invitations",
        {"member_id": sven.pk},
        content_type="application/json",
        **auth(maria),
    )
    assert invited.status_code == 403  # Maria does not moderate
    invited = client.post(
        f"/api/v1/circles/{circle.pk}/invitations",
        {"member_id": sven.pk},
        content_type="application/json",
        **auth(anna),
    )
    assert invited.status_code == 201
    accepted = client.post(
        f"/api/v1/circles/invitations/{invited.json()['id']}/accept",
        {"agree": True},
        content_type="application/json",
        **as_sven,
    )
    assert accepted.status_code == 200
    assert Membership.objects.get(circle=circle, member=sven).agreed_values == VALUES

    post = Post.objects.create(
        circle=circle, author=sven, intent="question", text="Kauft mein Buch"
    )
    removed = client.post(
        f"/api/v1/circles/posts/{post.pk}/remove",
        {"ground": "spam", "reason": ""},
        content_type="application/json",
        **auth(anna),
    )
    assert removed.status_code == 400
    removed = client.post(
        f"/api/v1/circles/posts/{post.pk}/remove",
        {"ground": "spam", "reason": "Werbung gehört nicht hierher"},
        content_type="application/json",
        **auth(anna),
    )
    assert removed.json()["removed"] and removed.json()["text"] == ""
    gone = client.post(
        f"/api/v1/circles/{circle.pk}/members/{sven.pk}/remove",
        {"ground": "spam", "reason": "Wiederholt Werbung"},
        content_type="application/json",
        **auth(anna),
    )
    assert gone.status_code == 204
    assert client.get(f"/api/v1/circles/{circle.pk}", **as_sven).status_code == 404
