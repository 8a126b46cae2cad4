import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.api.auth import hash_token, new_token_secret
from goodword.api.models import ApiToken
from goodword.trust.models import MarkLevel, TrustMark

pytestmark = pytest.mark.django_db

BASE = "/api/v1/trust"


def bearer(user, lang="en") -> dict:
    raw = new_token_secret()
    ApiToken.objects.create(user=user, name="test", token_hash=hash_token(raw), prefix=raw[:8])
    return {"authorization": f"Bearer {raw}", "Accept-Language": lang}


def test_anonymous_gets_401(client, people):
    assert client.get(f"{BASE}/network").status_code == 401
    assert client.get(f"{BASE}/paths/{people['anna'].pk}").status_code == 401
    response = client.put(
        f"{BASE}/marks/{people['anna'].pk}", {"level": "vouch"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert client.delete(f"{BASE}/marks/{people['anna'].pk}").status_code == 401
    assert not TrustMark.objects.exists()


def test_network_in_trust_order_without_numbers(client, people):
    response = client.get(f"{BASE}/network", headers=bearer(people["vera"]))
    assert response.status_code == 200
    members = response.json()["members"]
    ids = [m["id"] for m in members]
    assert ids[0] == people["anna"].pk
    assert people["eva"].pk not in ids
    carl = next(m for m in members if m["id"] == people["carl"].pk)
    assert carl["path"] == ["Anna Schmidt"]
    assert carl["closeness"] == "through one person you trust"
    for member in members:
        assert set(member) == {
            "id",
            "display_name",
            "profession",
            "city",
            "closeness",
            "path",
            "path_text",
        }  # no score, rank or percentage


def test_network_filters_and_limit(client, people):
    headers = bearer(people["vera"])
    response = client.get(f"{BASE}/network", {"topic": "yoga", "limit": 1}, headers=headers)
    assert [m["id"] for m in response.json()["members"]] == [people["bodo"].pk]
    response = client.get(f"{BASE}/network", {"city": "Nowhere"}, headers=headers)
    assert response.json()["members"] == []
    response = client.get(f"{BASE}/network", {"topic": "no-such-topic"}, headers=headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such topic."


def test_paths_name_public_steps(client, people):
    response = client.get(f"{BASE}/paths/{people['carl'].pk}", headers=bearer(people["vera"]))
    assert response.status_code == 200
    data = response.json()
    assert data["closeness"] == "through one person you trust"
    path = data["paths"][0]
    assert [m["display_name"] for m in path["members"]] == ["You", "Anna Schmidt", "Carl Tax"]
    assert all(step["public"] for step in path["steps"])
    assert path["steps"][1]["recommendation"]["topics"] == ["Steuerberatung"]


def test_paths_for_unknown_member_is_404_with_a_message(client, people):
    response = client.get(f"{BASE}/paths/99999", headers=bearer(people["vera"], "de"))
    assert response.status_code == 404
    assert response.json()["detail"] == "Dieses Mitglied gibt es nicht."


def test_put_get_and_delete_touch_only_the_callers_own_mark(client, people):
    vera, anna, eva = people["vera"], people["anna"], people["eva"]
    TrustMark.objects.create(marker=anna, member=eva, level=MarkLevel.WOULD_NOT_RECOMMEND)
    headers = bearer(vera)
    url = f"{BASE}/marks/{eva.pk}"
    assert client.get(url, headers=headers).json() == {
        "member_id": eva.pk,
        "level": None,
        "label": None,
    }  # Anna's mark is not Vera's business
    response = client.put(url, {"level": "vouch"}, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["level"] == "vouch"
    assert client.get(url, headers=headers).json()["level"] == "vouch"
    assert client.delete(url, headers=headers).status_code == 204
    assert not TrustMark.objects.filter(marker=vera).exists()
    assert TrustMark.objects.get(marker=anna, member=eva).level == MarkLevel.WOULD_NOT_RECOMMEND


@pytest.mark.parametrize(
    ("member", "body", "status", "message"),
    [
        ("eva", {"level": "best_friend"}, 400, "Please choose one of"),
        ("vera", {"level": "vouch"}, 400, "You cannot set a trust mark for yourself."),
        (None, {"level": "vouch"}, 404, "There is no such member."),
    ],
)
def test_bad_mark_input_writes_nothing(client, people, member, body, status, message):
    member_id = people[member].pk if member else 99999
    response = client.put(
        f"{BASE}/marks/{member_id}",
        body,
        content_type="application/json",
        headers=bearer(people["vera"]),
    )
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not TrustMark.objects.exists()


def test_bad_level_message_is_translated(client, people):
    response = client.put(
        f"{BASE}/marks/{people['eva'].pk}",
        {"level": "best_friend"},
        content_type="application/json",
        headers=bearer(people["vera"], "de"),
    )
    assert response.status_code == 400
    assert "Bitte wähle eine davon" in response.json()["detail"]


def test_session_user_marks_through_the_api(client, db):
    me, other = UserFactory(), UserFactory()
    client.force_login(me)
    response = client.put(
        f"{BASE}/marks/{other.pk}", {"level": "know_personally"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert TrustMark.objects.get(marker=me, member=other).level == "know_personally"
