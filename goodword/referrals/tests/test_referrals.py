"""Referrals ("Tipps"): passing a lead, status updates, privacy, counts, pages and API."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from goodword.api.services import create_token
from goodword.messaging.tests.helpers import recommend
from goodword.referrals import queries, services
from goodword.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NEED = "Die Bäckerei nebenan braucht bis März ein neues Kassensystem."


@pytest.fixture
def pair(anna, maria):
    """Maria passes a lead to Anna, who recommended her (so Maria may write to Anna)."""
    recommend(anna, maria)
    return maria, anna


def auth(user) -> dict:
    _token, secret = create_token(user, "t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **EN}


def pass_one(giver, receiver):
    return services.pass_referral(
        giver, receiver, need=NEED, contact_name="Frau Korn", contact_details="0221 123456"
    )


def test_pass_a_referral_through_the_page_and_follow_it_to_business(client, pair):
    giver, receiver = pair
    client.force_login(giver)
    response = client.post(
        reverse("referrals:new", args=[receiver.pk]),
        {"need": NEED, "contact_name": "Frau Korn", "contact_details": "0221 123456"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.PASSED

    client.force_login(receiver)
    page = client.get(reverse("referrals:detail", args=[referral.pk]), **EN).content.decode()
    assert "Frau Korn" in page and "0221 123456" in page
    url = reverse("referrals:status", args=[referral.pk])
    assert client.post(url, {"status": "contacted"}).status_code == 302
    response = client.post(url, {"status": "won", "amount": "2500.00", "thanks": "Danke, Maria!"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WON and referral.amount == Decimal("2500.00")

    # The giver is thanked and sees the outcome, but never the amount.
    client.force_login(giver)
    page = client.get(reverse("referrals:detail", args=[referral.pk]), **EN).content.decode()
    assert "Danke, Maria!" in page and "Led to business" in page
    assert "2500" not in page
    api = client.get(f"/api/v1/referrals/{referral.pk}", **auth(giver)).json()
    assert api["amount"] is None
    assert client.get(f"/api/v1/referrals/{referral.pk}", **auth(receiver)).json()["amount"]


def test_opening_the_referral_marks_its_notifications_read(client, pair):
    from goodword.notifications.models import Notification

    giver, receiver = pair
    referral = pass_one(giver, receiver)
    services.update_referral(referral, receiver, status=ReferralStatus.CONTACTED)
    detail = reverse("referrals:detail", args=[referral.pk])
    unread = Notification.objects.filter(read_at__isnull=True, url=detail)
    # The receiver acted on the referral: their notice is read; the giver's news is not.
    assert set(unread.values_list("recipient", flat=True)) == {giver.pk}
    client.force_login(receiver)
    assert client.get(detail).status_code == 200
    assert set(unread.values_list("recipient", flat=True)) == {giver.pk}
    client.force_login(giver)
    assert client.get(detail).status_code == 200
    assert not unread.exists()


def test_profile_counts_snippet_and_endpoint(client, pair, outsider):
    giver, receiver = pair
    won = pass_one(giver, receiver)
    pass_one(giver, receiver)
    services.update_referral(won, receiver, status="won", amount="99")
    html = Template('{% include "referrals/_profile_counts.html" with member=member %}').render(
        Context({"member": giver})
    )
    assert "2" in html and "1" in html and "99" not in html
    counts = client.get(f"/api/v1/referrals/counts/{giver.pk}", **auth(outsider)).json()
    assert counts == {"passed": 2, "won": 1}


def test_strangers_cannot_pass_leads(client, anna, sven):
    client.force_login(sven)
    url = reverse("referrals:new", args=[anna.pk])
    page = client.get(url, **EN)
    assert "Ask someone you both know to introduce you" in page.content.decode()
    response = client.post(url, {"need": NEED, "contact_name": "X"}, **EN)
    assert response.status_code == 403
    api = client.post(
        "/api/v1/referrals",
        {"receiver_id": anna.pk, "need": NEED, "contact_name": "X"},
        content_type="application/json",
        **auth(sven),
    )
    assert api.status_code == 403 and api.json()["reason_code"] == "not_connected"
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"need": "kurz", "contact_name": "X"}, "20 to 2000 characters"),
        ({"need": NEED, "contact_name": ""}, "Please say who needs it."),
        ({"need": NEED, "contact_name": "X", "contact_details": "x" * 301}, "300"),
    ],
)
def test_bad_referrals_are_400(client, pair, data, message):
    giver, receiver = pair
    client.force_login(giver)
    response = client.post(reverse("referrals:new", args=[receiver.pk]), data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"status": "passed"}, "Please choose a status."),
        ({"status": "contacted", "amount": "100"}, "An amount only goes with"),
        ({"status": "won", "amount": "-5"}, "greater than or equal to 0"),
        ({"status": "won", "amount": "viel"}, "Please enter an amount like 1500"),
    ],
)
def test_bad_status_updates_are_400(client, pair, data, message):
    giver, receiver = pair
    referral = pass_one(giver, receiver)
    client.force_login(receiver)
    response = client.post(reverse("referrals:status", args=[referral.pk]), data, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PASSED and referral.amount is None


def test_final_statuses_stay_final(client, pair):
    giver, receiver = pair
    referral = pass_one(giver, receiver)
    services.update_referral(referral, receiver, status="not_a_fit")
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/status",
        {"status": "won"},
        content_type="application/json",
        **auth(receiver),
    )
    assert response.status_code == 400
    assert "cannot become" in response.json()["detail"]


def test_permission_matrix(client, pair, outsider):
    giver, receiver = pair
    referral = pass_one(giver, receiver)
    detail = reverse("referrals:detail", args=[referral.pk])
    status_url = reverse("referrals:status", args=[referral.pk])
    for url in [reverse("referrals:list"), detail, reverse("referrals:new", args=[receiver.pk])]:
        assert reverse("account_login") in client.get(url)["Location"]
    assert reverse("account_login") in client.post(status_url)["Location"]
    for method, url in [
        ("get", "/api/v1/referrals"),
        ("post", "/api/v1/referrals"),
        ("get", f"/api/v1/referrals/{referral.pk}"),
        ("post", f"/api/v1/referrals/{referral.pk}/status"),
    ]:
        assert getattr(client, method)(url).status_code == 401
    client.force_login(outsider)
    page = client.get(detail)
    assert page.status_code == 404 and "Frau Korn" not in page.content.decode()
    assert client.post(status_url, {"status": "won"}).status_code == 404
    assert "Frau Korn" not in client.get(reverse("referrals:list")).content.decode()
    assert client.get(f"/api/v1/referrals/{referral.pk}", **auth(outsider)).status_code == 404
    assert client.get("/api/v1/referrals", **auth(outsider)).json() == []
    # The giver cannot update the status; GET is not allowed on the update.
    client.force_login(giver)
    assert client.post(status_url, {"status": "won"}).status_code == 403
    assert client.get(status_url).status_code == 405
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PASSED


def test_receiver_may_write_back_to_the_giver(pair):
    from goodword.messaging import rules
    from goodword.messaging.models import Intent

    giver, receiver = pair
    pass_one(giver, receiver)
    assert rules.can_contact(receiver, giver, Intent.THANKS).allowed


def test_business_puts_both_trust_edges_into_the_change_log(pair):
    from goodword.referrals.queries import get_won_referral_pairs
    from goodword.trust.models import TrustEdgeChange

    giver, receiver = pair
    referral = pass_one(giver, receiver)
    services.update_referral(referral, receiver, status="won")
    pairs = set(TrustEdgeChange.objects.values_list("source_id", "target_id"))
    assert pairs == {(giver.pk, receiver.pk), (receiver.pk, giver.pk)}
    assert get_won_referral_pairs() == {(giver.pk, receiver.pk): 1}
    assert get_won_referral_pairs([(receiver.pk, giver.pk)]) == {}


def test_referral_list_query_count_is_flat(client, pair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    giver, receiver = pair
    client.force_login(receiver)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("referrals:list")).status_code == 200
        return len(ctx.captured_queries)

    pass_one(giver, receiver)
    few = count()
    for _ in range(4):
        pass_one(giver, receiver)
    assert count() == few


def test_the_counts_are_those_of_the_givers_own_referrals(pair, outsider, maria):
    giver, receiver = pair
    assert queries.get_referral_counts(giver) == {"passed": 0, "won": 0}
    first, second = pass_one(giver, receiver), pass_one(giver, receiver)
    pass_one(receiver, giver)  # received, not passed
    assert queries.get_referral_counts(giver) == {"passed": 2, "won": 0}
    services.update_referral(second, receiver, status="won", amount="10")
    services.update_referral(first, receiver, status="not_a_fit")
    assert queries.get_referral_counts(giver) == {"passed": 2, "won": 1}
    assert queries.get_referral_counts(receiver) == {"passed": 1, "won": 0}
    assert queries.get_referral_counts(outsider) == {"passed": 0, "won": 0}
