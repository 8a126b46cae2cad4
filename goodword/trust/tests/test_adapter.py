import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.recommendations.models import Recommendation, Status
from goodword.recommendations.services import accept_recommendation
from goodword.recommendations.tests.factories import RecommendationFactory
from goodword.trust.adapter import TrustNetwork, get_network
from goodword.trust.models import MarkLevel, TrustEdgeChange
from goodword.trust.queries import get_ranked_members, get_trust_scores
from goodword.trust.services import record_rebuild, request_trust_refresh, set_trust_mark

from .conftest import recommend

pytestmark = pytest.mark.django_db


def order(viewer, **kwargs):
    return [user_id for user_id, _score in get_ranked_members(viewer, **kwargs)]


def test_build_ranks_a_tiny_network_in_the_expected_order(people):
    p = people
    ranked = order(p["vera"])
    assert ranked[0] == p["anna"].pk  # strong direct recommendation first
    assert ranked.index(p["anna"].pk) < ranked.index(p["bodo"].pk)
    assert ranked.index(p["anna"].pk) < ranked.index(p["carl"].pk)
    assert ranked.index(p["bodo"].pk) < ranked.index(p["dora"].pk)
    assert p["vera"].pk not in ranked
    assert p["eva"].pk not in ranked
    scores = get_trust_scores(p["vera"], [p["carl"].pk, p["eva"].pk])
    assert scores[p["carl"].pk] > 0
    assert scores[p["eva"].pk] == 0.0


def test_topic_trust_needs_the_last_step_to_carry_the_topic(people):
    p = people
    yoga = order(p["vera"], topic="yoga")
    assert yoga == [p["bodo"].pk, p["dora"].pk] or set(yoga) == {p["bodo"].pk, p["dora"].pk}
    tax = order(p["vera"], topic="steuerberatung")
    assert set(tax) == {p["anna"].pk, p["carl"].pk}
    assert tax[0] == p["anna"].pk  # Vera's own recommendation counts fully


def test_member_without_any_edge_has_an_empty_network(db):
    newcomer = UserFactory()
    assert get_ranked_members(newcomer) == []
    assert get_trust_scores(newcomer, [1, 2]) == {1: 0.0, 2: 0.0}


def test_distrust_mark_changes_the_markers_ranking(people, django_capture_on_commit_callbacks):
    p = people
    assert p["carl"].pk in order(p["vera"])
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["carl"], MarkLevel.WOULD_NOT_RECOMMEND)
    assert p["carl"].pk not in order(p["vera"])
    assert get_trust_scores(p["vera"], [p["carl"].pk])[p["carl"].pk] == 0.0


def test_distrust_of_someone_you_trust_changes_only_the_markers_view(
    people, django_capture_on_commit_callbacks
):
    """Privacy model: Vera's private mark shapes Vera's view and nobody else's."""
    p = people
    walter = UserFactory(display_name="Walter Trusts Vera")
    recommend(walter, p["vera"])
    recommend(walter, p["anna"])  # Walter → Anna → Carl; Vera is about to distrust Carl
    before = get_trust_scores(walter, [p["carl"].pk])[p["carl"].pk]
    vera_before = get_trust_scores(p["vera"], [p["carl"].pk])[p["carl"].pk]
    assert before > 0
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["carl"], MarkLevel.WOULD_NOT_RECOMMEND)
    assert get_trust_scores(walter, [p["carl"].pk])[p["carl"].pk] == before
    assert get_trust_scores(p["vera"], [p["carl"].pk])[p["carl"].pk] < vera_before or (
        vera_before == 0
    )
    assert get_trust_scores(p["vera"], [p["carl"].pk])[p["carl"].pk] == 0.0


def test_positive_mark_brings_a_member_into_the_markers_network(
    people, django_capture_on_commit_callbacks
):
    p = people
    assert p["eva"].pk not in order(p["vera"])
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["eva"], MarkLevel.VOUCH)
    assert order(p["vera"]).index(p["eva"].pk) <= 1  # as strong as her best recommendation


def test_new_accepted_recommendation_changes_the_next_ranking(
    people, django_capture_on_commit_callbacks
):
    p = people
    first = order(p["vera"])  # cached under the current log position
    assert p["eva"].pk not in first
    rec = RecommendationFactory(author=p["anna"], subject=p["eva"], status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        accept_recommendation(p["eva"], rec)  # its service asks for the refresh after commit
    assert TrustEdgeChange.objects.filter(source_id=p["anna"].pk, target_id=p["eva"].pk).exists()
    assert p["eva"].pk in order(p["vera"])


def test_recommendation_services_keep_the_graph_current(people, django_capture_on_commit_callbacks):
    from goodword.recommendations import services as recs

    p = people
    rec = RecommendationFactory(author=p["anna"], subject=p["eva"], status=Status.PENDING)

    def step(action, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args)

    rec = step(recs.accept_recommendation, p["eva"], rec)
    assert p["eva"].pk in order(p["vera"])
    rec = step(recs.hide_recommendation, p["eva"], rec)
    assert p["eva"].pk not in order(p["vera"])
    rec = step(recs.unhide_recommendation, p["eva"], rec)
    assert p["eva"].pk in order(p["vera"])
    text = "Eva hat unser Team ein Jahr lang sehr umsichtig beraten."
    rec = step(recs.edit_recommendation, p["anna"], rec, text, ["Beratung"], "colleague", 2020)
    assert p["eva"].pk not in order(p["vera"])  # pending again until Eva accepts
    rec = step(recs.accept_recommendation, p["eva"], rec)
    assert p["eva"].pk in order(p["vera"], topic="beratung")
    step(recs.withdraw_recommendation, p["anna"], rec)
    assert p["eva"].pk not in order(p["vera"])


def test_hidden_recommendation_leaves_the_graph(people, django_capture_on_commit_callbacks):
    p = people
    assert p["carl"].pk in order(p["vera"])

    rec = Recommendation.objects.get(author=p["anna"], subject=p["carl"])
    Recommendation.objects.filter(pk=rec.pk).update(status=Status.HIDDEN)
    with django_capture_on_commit_callbacks(execute=True):
        request_trust_refresh(p["anna"].pk, p["carl"].pk)
    assert p["carl"].pk not in order(p["vera"])


def test_a_process_replaying_the_log_sees_another_processs_change(
    people, django_capture_on_commit_callbacks
):
    p = people
    web_1, web_2 = TrustNetwork(), TrustNetwork()
    assert p["eva"].pk not in dict(web_1.rank(p["vera"].pk))
    assert p["eva"].pk not in dict(web_2.rank(p["vera"].pk))
    generation = web_2.position

    # "web_1" handles the request that writes; only the database connects the two.
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["eva"], MarkLevel.VOUCH)
    assert p["eva"].pk in dict(web_1.rank(p["vera"].pk))
    assert p["eva"].pk in dict(web_2.rank(p["vera"].pk))
    assert web_2.position != generation
    assert web_1.position == web_2.position  # same log prefix → same cache key


def test_replay_is_incremental_and_cheap(
    people, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    p = people
    net = TrustNetwork()
    net.rank(p["vera"].pk)
    built = net._generation
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["eva"], MarkLevel.WORKED_WITH)
    # The log, then the replayed pair (recommendations, topics, extra public edges), then
    # Vera's own edges (marks, won referrals, recommendations, extra public edges); no full
    # build.
    with django_assert_max_num_queries(8):
        net.rank(p["vera"].pk)
    assert net._generation == built
    with django_assert_max_num_queries(1):  # nothing new: one indexed look at the log
        net.rank(p["vera"].pk)


def test_rebuild_row_and_pruned_log_make_every_process_rebuild(
    people, django_capture_on_commit_callbacks
):
    p = people
    net = TrustNetwork()
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["eva"], MarkLevel.VOUCH)
    net.rank(p["vera"].pk)
    built = net._generation
    record_rebuild()  # prunes the row the process had seen last
    assert p["eva"].pk in dict(net.rank(p["vera"].pk))
    assert net._generation != built


def test_skipped_ids_are_fetched_later(people):
    """A change row that commits after a newer one (PostgreSQL sequences) is not lost."""
    p = people
    net = TrustNetwork()
    net.rank(p["vera"].pk)
    early = TrustEdgeChange.objects.create(source_id=p["vera"].pk, target_id=p["eva"].pk)
    late = TrustEdgeChange.objects.create(source_id=p["bodo"].pk, target_id=p["dora"].pk)
    early_id = early.pk
    early.delete()  # as if not committed yet when the process looked
    net.rank(p["vera"].pk)
    assert early_id in net._gaps
    recommend(p["vera"], p["eva"])
    TrustEdgeChange.objects.create(
        id=early_id, source_id=p["vera"].pk, target_id=p["eva"].pk, created_at=late.created_at
    )
    assert p["eva"].pk in dict(net.rank(p["vera"].pk))
    assert early_id not in net._gaps


def test_get_network_is_one_per_process():
    assert get_network() is get_network()


def test_full_build_and_pair_replay_agree(people):
    """The vectorised build (`bulk.load_all`) and the replay give the same shared graph, made of
    public recommendations only; each member's own view (`own_edge`) follows `weights.combine`:
    mark wins, recommendation wins, distrust, old recommendation, won referrals."""
    from datetime import timedelta

    from django.utils import timezone

    from goodword.trust.models import TrustMark

    p = people
    old = timezone.now() - timedelta(days=6 * 365)
    Recommendation.objects.filter(author=p["anna"], subject=p["carl"]).update(accepted_at=old)
    TrustMark.objects.create(marker=p["anna"], member=p["carl"], level=MarkLevel.KNOW_PERSONALLY)
    TrustMark.objects.create(marker=p["vera"], member=p["anna"], level=MarkLevel.KNOW_PERSONALLY)
    TrustMark.objects.create(
        marker=p["vera"], member=p["bodo"], level=MarkLevel.WOULD_NOT_RECOMMEND
    )
    TrustMark.objects.create(marker=p["eva"], member=p["dora"], level=MarkLevel.WORKED_WITH)
    _won_referrals(
        (p["carl"], p["anna"]),  # on an old recommendation kept alive by a mark
        (p["bodo"], p["vera"]),  # Vera distrusts Bodo: stays -1
        (p["eva"], p["carl"]),  # alone, twice: capped
        (p["carl"], p["eva"]),
        (p["eva"], p["carl"]),
        (p["dora"], p["bodo"]),  # on a recommendation with a topic
    )
    built = TrustNetwork()
    built.rebuild()
    replayed = TrustNetwork()
    replayed.rebuild()
    pairs = [(a.pk, b.pk) for a in p.values() for b in p.values() if a != b]
    replayed._apply(set(pairs))
    for a, b in pairs:
        for one, two in (
            (built.edge(a, b), replayed.edge(a, b)),
            (built.own_edge(a, b), replayed.own_edge(a, b)),
        ):
            assert (one is None) == (two is None), (a, b)
            if one is not None:
                assert one == pytest.approx(two, rel=1e-5), (a, b)
    shared, own = built.edge, built.own_edge
    # The shared graph holds the public recommendations alone, whatever anyone marked.
    assert shared(p["vera"].pk, p["bodo"].pk) > 0
    assert shared(p["eva"].pk, p["dora"].pk) is None
    assert shared(p["carl"].pk, p["anna"].pk) is None
    # Each member's own view: the mark wins over Vera's public recommendation of Bodo.
    assert own(p["vera"].pk, p["bodo"].pk) == -1.0
    # The mark keeps it (0.5); business adds 0.15 on top.
    assert own(p["anna"].pk, p["carl"].pk) == pytest.approx(0.65)
    assert own(p["vera"].pk, p["anna"].pk) == pytest.approx(1.0, rel=1e-3)
    assert own(p["eva"].pk, p["dora"].pk) == pytest.approx(0.75)
    assert own(p["carl"].pk, p["anna"].pk) == pytest.approx(0.15)
    assert own(p["bodo"].pk, p["vera"].pk) == pytest.approx(0.15)
    assert own(p["eva"].pk, p["carl"].pk) == pytest.approx(0.3)
    assert own(p["carl"].pk, p["eva"].pk) == pytest.approx(0.3)
    assert own(p["bodo"].pk, p["dora"].pk) == pytest.approx(1.0)
    assert own(p["dora"].pk, p["bodo"].pk) == pytest.approx(0.15)
    topic_ids = set(Recommendation.topics.through.objects.values_list("topic_id", flat=True))
    assert topic_ids
    for topic_id in topic_ids:
        for person in p.values():
            mine = built.rank(person.pk, topic_id=topic_id)
            other = replayed.rank(person.pk, topic_id=topic_id)
            assert [m for m, _ in mine] == [o for o, _ in other]
            assert [s for _, s in mine] == pytest.approx([s for _, s in other], rel=1e-5)


def _won_referrals(*pairs) -> None:
    """Referrals that led to business, straight into the database."""
    from goodword.referrals.models import Referral, ReferralStatus

    for giver, receiver in pairs:
        Referral.objects.create(
            giver=giver,
            receiver=receiver,
            need="Ein Nachbar braucht eine neue Heizung bis zum Winter.",
            contact_name="Herr Ofen",
            status=ReferralStatus.WON,
            amount="5000.00",
        )
    Referral.objects.create(  # "not a fit" counts for nothing
        giver=pairs[0][0], receiver=pairs[0][1], need="-" * 30, contact_name="X", status="not_a_fit"
    )


def test_distrust_removes_a_member_from_topic_rankings(people, django_capture_on_commit_callbacks):
    p = people
    assert p["carl"].pk in order(p["vera"], topic="steuerberatung")
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["vera"], p["carl"], MarkLevel.WOULD_NOT_RECOMMEND)
    assert p["carl"].pk not in order(p["vera"], topic="steuerberatung")
    with django_capture_on_commit_callbacks(execute=True):
        set_trust_mark(p["anna"], p["carl"], MarkLevel.WOULD_NOT_RECOMMEND)
    walter = UserFactory()
    recommend(walter, p["anna"])
    request_trust_refresh(walter.pk, p["anna"].pk)
    # Anna's private distrust never changes what Walter sees: her public recommendation of
    # Carl still carries the topic for him.
    assert p["carl"].pk in order(walter, topic="steuerberatung")


def test_topic_explanations_end_on_a_recommendation_for_the_topic(people):
    from goodword.topics.models import Topic

    p = people
    network = get_network()
    tax = Topic.objects.get(slug="steuerberatung").pk
    yoga = Topic.objects.get(slug="yoga").pk
    vera, anna, carl, dora = (p[n].pk for n in ("vera", "anna", "carl", "dora"))
    assert network.explain(vera, carl, topic_id=tax) == [[vera, anna, carl]]
    # Anna recommended Carl for tax advice only: no yoga path ends at Carl.
    assert network.explain(vera, carl) == [[vera, anna, carl]]
    assert network.explain(vera, carl, topic_id=yoga) == []
    assert network.explain(vera, dora, topic_id=yoga) == [[vera, p["bodo"].pk, dora]]
