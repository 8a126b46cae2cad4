"""The profile's small contact panel: write, pass a lead, introduce, welcome offers, block or
unblock; and the public referral counts (no amounts)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from goodword.referrals.models import Referral, ReferralStatus

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berta(db):
    return UserFactory(display_name="Berta Holz", visibility="public")


def give_referrals(giver, won: int, passed: int):
    for i in range(won + passed):
        Referral.objects.create(
            giver=giver,
            receiver=UserFactory(),
            need="Ein Bäcker sucht eine neue Werkstatteinrichtung.",
            contact_name="Bernd Bäcker",
            contact_details="bernd@baecker.test",
            status=ReferralStatus.WON if i < won else ReferralStatus.PASSED,
            amount=Decimal("98765.43") if i < won else None,
        )


def links(member):
    return {
        "compose": reverse("messaging:compose", args=[member.pk]),
        "block": reverse("messaging:block", args=[member.pk]),
        "welcome": reverse("messaging:welcome_offers", args=[member.pk]),
        "lead": reverse("referrals:new", args=[member.pk]),
        "introduce": f"{reverse('introductions:new')}?a={member.pk}",
    }


def test_a_member_sees_one_panel_with_every_action_on_another_profile(client, berta):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:profile", args=[berta.pk])).content.decode()
    assert html.count('class="profile-panel"') == 1
    panel = html.split('class="profile-panel"', 1)[1].split("</section>", 1)[0]
    for name, url in links(berta).items():
        assert f'"{url}"' in panel, name
    assert "Tipp geben" in panel and "Vorstellen" in panel
    assert "Berta Holz blockieren" in panel
    # The two voices stay the main content, drawn the same way.
    assert html.count('<section class="voice"') == 2
    html = client.get(
        reverse("accounts:profile", args=[berta.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Pass a lead" in html and "Introduce" in html


@pytest.mark.parametrize("who", ["anonymous", "self"])
def test_no_contact_panel_for_visitors_or_on_my_own_profile(client, berta, who):
    if who == "self":
        client.force_login(berta)
    html = client.get(reverse("accounts:profile", args=[berta.pk])).content.decode()
    assert "profile-panel" not in html
    for name, url in links(berta).items():
        assert f'"{url}"' not in html, name


@pytest.mark.parametrize("who", ["anonymous", "member", "self"])
def test_referral_counts_show_for_everyone_without_amounts(client, berta, who):
    give_referrals(berta, won=2, passed=1)
    if who == "member":
        client.force_login(UserFactory())
    elif who == "self":
        client.force_login(berta)
    html = client.get(reverse("accounts:profile", args=[berta.pk])).content.decode()
    assert "Hat 3 Tipps weitergegeben – Aufträge daraus: 2." in " ".join(html.split())
    assert "98765" not in html and "98.765" not in html
    assert "Bernd Bäcker" not in html and "bernd@baecker.test" not in html


def test_no_referral_line_when_none_were_passed(client, berta):
    html = client.get(reverse("accounts:profile", args=[berta.pk])).content.decode()
    assert "referral-counts" not in html


def test_profile_query_count_for_a_member_is_flat(client, berta, django_assert_max_num_queries):
    from goodword.recommendations.models import Status
    from goodword.recommendations.tests.factories import RecommendationFactory

    for _ in range(12):
        RecommendationFactory(subject=berta, status=Status.ACCEPTED)
        RecommendationFactory(author=berta, status=Status.ACCEPTED)
    give_referrals(berta, won=3, passed=3)
    client.force_login(UserFactory())
    # Session, viewer, unread-notification badge (3); profile and its topics (2); the two
    # recommendation counts (2); both voices with their topics (4); referral counts (1); who
    # invited this member (1); whether the viewer has blocked this member (1), so the panel
    # offers Block or Unblock. Nothing grows with the data.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("accounts:profile", args=[berta.pk])).status_code == 200


def test_the_connection_fragment_follows_the_two_voices(client, berta):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:profile", args=[berta.pk])).content.decode()
    connection = html.index(f'hx-get="{reverse("trust:connection", args=[berta.pk])}"')
    assert html.rindex('<section class="voice"') < connection
    assert html.index('class="profile-panel"') < html.index('<section class="voice"')


def test_a_blocked_member_s_profile_offers_unblock_instead_of_block(client, berta):
    from goodword.messaging.services import block_member

    viewer = UserFactory()
    block_member(viewer, berta)
    client.force_login(viewer)
    url = reverse("accounts:profile", args=[berta.pk])
    html = " ".join(client.get(url).content.decode().split())
    panel = html.split('class="profile-panel"', 1)[1].split("</section>", 1)[0]
    assert "Du hast Berta Holz blockiert. Berta Holz kann dich nicht kontaktieren." in panel
    assert f'"{reverse("messaging:unblock", args=[berta.pk])}"' in panel
    assert f'"{links(berta)["block"]}"' not in panel and "Berta Holz blockieren" not in panel
    # Writing and welcoming offers are refused while the block stands, so they are not offered.
    assert f'"{links(berta)["compose"]}"' not in panel
    assert f'"{links(berta)["welcome"]}"' not in panel
    english = " ".join(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode().split())
    assert "You have blocked Berta Holz. Berta Holz cannot contact you." in english
    assert "Unblock Berta Holz" in english

    client.post(reverse("messaging:unblock", args=[berta.pk]))
    html = client.get(url).content.decode()
    assert f'"{links(berta)["block"]}"' in html and "blockiert" not in html
