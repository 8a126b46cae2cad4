"""Referrals that led to business strengthen the trust edge in both directions (issue 5).

The rule lives in `weights.combine` (pair replay) and `bulk.load_all` (full build); see
docs/trust-in-product.md. "Not a fit" changes nothing, and the amount is never read.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodword.accounts.tests.factories import UserFactory
from goodword.messaging.services import welcome_offers
from goodword.recommendations.models import Relationship
from goodword.trust import weights
from goodword.trust.adapter import TrustNetwork
from goodword.trust.models import MarkLevel, TrustEdgeChange
from goodword.trust.queries import get_ranked_members, get_trust_scores
from goodword.trust.services import set_trust_mark

from .conftest import recommend

pytestmark = [pytest.mark.django_db]

NEED = "Die Bäckerei nebenan braucht bis März ein neues Kassensystem."
AMOUNT = "987654.32"
NOW = 2_000_000_000.0


@pytest.fixture
def business():
    """Gus passes leads to Rita. Each knows the other only loosely (a weak recommendation
    each way) and has one strong recommendation elsewhere, so a stronger edge between them
    shows in their trust."""
    rita = UserFactory(display_name="Rita Receiver", city="Köln")
    gus = UserFactory(display_name="Gus Giver", city="Köln")
    xena = UserFactory(display_name="Xena Strong")
    yann = UserFactory(display_name="Yann Strong")
    weak = {"relationship": Relationship.OTHER, "since": 2026, "topics": ["Kassensysteme"]}
    recommend(rita, gus, **weak)  # so Gus may pass Rita a lead
    recommend(gus, rita, **weak)
    recommend(rita, xena)
    recommend(gus, yann)
    return rita, gus


def pass_referral(giver, receiver):
    from goodword.referrals import services

    return services.pass_referral(
        giver, receiver, need=NEED, contact_name="Frau Korn", contact_details="0221 123456"
    )


def update(referral, receiver, status, capture, **extra):
    from goodword.referrals import services

    with capture(execute=True):
        return services.update_referral(referral, receiver, status=status, **extra)


def trust(viewer, member, **kwargs) -> float:
    return get_trust_scores(viewer, [member.pk], **kwargs)[member.pk]


def won_referral(giver, receiver, **fields):
    from goodword.referrals.models import Referral, ReferralStatus

    return Referral.objects.create(
        giver=giver,
        receiver=receiver,
        need=NEED,
        contact_name="Frau Korn",
        status=ReferralStatus.WON,
        **fields,
    )


# -- the rule -------------------------------------------------------------------------------
def test_weights_add_a_capped_bonus_that_never_overrides_distrust():
    assert weights.referral_bonus(0) == 0.0
    assert weights.referral_bonus(1) == pytest.approx(0.15)
    assert weights.referral_bonus(5) == weights.REFERRAL_BONUS_CAP
    rec = (0.3, NOW)
    assert weights.combine(rec, None, now=NOW, half_life_days=730, won_referrals=1) == (
        weights.Edge(pytest.approx(0.45), None)
    )
    full = weights.combine((1.0, NOW), None, now=NOW, half_life_days=730, won_referrals=3)
    assert full.weight == 1.0  # never above 1
    vouch = weights.combine(None, MarkLevel.VOUCH, now=NOW, half_life_days=730, won_referrals=2)
    assert vouch.weight == 1.0
    alone = weights.combine(None, None, now=NOW, half_life_days=730, won_referrals=1)
    assert alone == weights.Edge(pytest.approx(weights.REFERRAL_BONUS), None)  # modest
    distrust = weights.combine(
        rec, MarkLevel.WOULD_NOT_RECOMMEND, now=NOW, half_life_days=730, won_referrals=2
    )
    assert distrust.weight == -1.0


# -- through the referral services ----------------------------------------------------------
def test_business_won_raises_trust_both_ways(business, django_capture_on_commit_callbacks):
    rita, gus = business
    before_rita, before_gus = trust(rita, gus), trust(gus, rita)
    topic_before = trust(rita, gus, topic="kassensysteme")
    assert before_rita > 0 and before_gus > 0
    referral = pass_referral(gus, rita)
    update(referral, rita, "contacted", django_capture_on_commit_callbacks)
    assert trust(rita, gus) == before_rita  # only business counts
    update(referral, rita, "won", django_capture_on_commit_callbacks, amount=AMOUNT)
    assert TrustEdgeChange.objects.filter(source_id=rita.pk, target_id=gus.pk).exists()
    assert TrustEdgeChange.objects.filter(source_id=gus.pk, target_id=rita.pk).exists()
    assert trust(rita, gus) > before_rita  # the receiver trusts the giver more
    assert trust(gus, rita) > before_gus  # and the giver the receiver
    # Topic labels come from public recommendations only; the engine's topic step uses the
    # viewer's own edge to a direct contact, which the won referral strengthened for Rita.
    assert trust(rita, gus, topic="kassensysteme") >= topic_before


def test_a_won_referral_alone_gives_a_modest_edge(db, django_capture_on_commit_callbacks):
    rita, gus, other = (UserFactory() for _ in range(3))
    recommend(rita, other)  # Rita's strongest edge: the referral stays below it
    welcome_offers(rita, gus)  # so that Gus may pass Rita a lead
    referral = pass_referral(gus, rita)
    assert [m for m, _s in get_ranked_members(gus)] == []
    update(referral, rita, "won", django_capture_on_commit_callbacks)
    assert [m for m, _s in get_ranked_members(gus)][:1] == [rita.pk]  # giver → receiver
    network = TrustNetwork()
    assert network.own_edge(gus.pk, rita.pk) == pytest.approx(weights.REFERRAL_BONUS)
    assert network.edge(gus.pk, rita.pk) is None  # private to the two: not in the shared graph
    ranked = [m for m, _s in get_ranked_members(rita)]
    assert ranked.index(other.pk) < ranked.index(gus.pk)


def test_not_a_fit_changes_nothing(business, django_capture_on_commit_callbacks):
    rita, gus = business
    before = TrustNetwork()
    before.rebuild()
    scores = (trust(rita, gus), trust(gus, rita))
    changes = TrustEdgeChange.objects.count()
    referral = pass_referral(gus, rita)
    update(referral, rita, "not_a_fit", django_capture_on_commit_callbacks)
    assert (trust(rita, gus), trust(gus, rita)) == scores
    assert TrustEdgeChange.objects.count() == changes
    after = TrustNetwork()
    after.rebuild()
    for a, b in ((rita, gus), (gus, rita)):
        assert after.edge(a.pk, b.pk) == pytest.approx(before.edge(a.pk, b.pk))


def test_distrust_stays_distrust_after_business(business, django_capture_on_commit_callbacks):
    rita, gus = business
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(rita, gus, MarkLevel.WOULD_NOT_RECOMMEND)
    update(pass_referral(gus, rita), rita, "won", django_capture_on_commit_callbacks)
    assert TrustNetwork().own_edge(rita.pk, gus.pk) == -1.0
    assert trust(rita, gus) == 0.0
    assert trust(gus, rita) > 0


def test_the_amount_is_never_read_and_never_shown(
    client, business, django_capture_on_commit_callbacks
):
    from goodword.referrals.models import Referral

    rita, gus = business
    referral = pass_referral(gus, rita)
    with CaptureQueriesContext(connection) as queries:
        update(referral, rita, "won", django_capture_on_commit_callbacks, amount=AMOUNT)
        trust(rita, gus)  # replays the two pairs
        built = TrustNetwork()
        built.rebuild()
    trust_sql = [q["sql"] for q in queries.captured_queries if "referral" in q["sql"].lower()]
    reads = [sql for sql in trust_sql if sql.lstrip().upper().startswith("SELECT")]
    assert any("COUNT(" in sql.upper() for sql in reads)  # the adapter did read referrals
    assert not any("amount" in sql.lower() for sql in reads if "COUNT(" in sql.upper())

    Referral.objects.filter(pk=referral.pk).update(amount="1.00")
    small = TrustNetwork()
    small.rebuild()
    for a, b in ((rita, gus), (gus, rita)):
        assert small.edge(a.pk, b.pk) == pytest.approx(built.edge(a.pk, b.pk))

    Referral.objects.filter(pk=referral.pk).update(amount=AMOUNT)
    for viewer, member in ((rita, gus), (gus, rita)):
        client.force_login(viewer)
        pages = [
            client.get("/trust/network/").content.decode(),
            client.get(f"/trust/connection/{member.pk}/").content.decode(),
        ]
        for html in pages:
            assert "987654" not in html and "987.654" not in html


def test_a_member_who_leaves_takes_the_referral_edges_along(db, django_capture_on_commit_callbacks):
    from goodword.trust.services import request_member_trust_refresh

    rita, gus = UserFactory(), UserFactory()
    won_referral(gus, rita)
    recommend(rita, UserFactory())
    assert gus.pk in [m for m, _s in get_ranked_members(rita)]
    with django_capture_on_commit_callbacks(execute=True):
        request_member_trust_refresh(gus)
        gus.delete()
    assert gus.pk not in [m for m, _s in get_ranked_members(rita)]
    assert TrustNetwork().edge(rita.pk, gus.pk) is None
