from goodword.trust import weights
from goodword.trust.models import MarkLevel

NOW = 2_000_000_000.0
DAY = 86400.0


def test_recommendation_weight_grows_with_how_well_and_how_long_they_know_each_other():
    close = weights.recommendation_weight("worked_together", 2010, 2026)
    brief = weights.recommendation_weight("worked_together", 2026, 2026)
    loose = weights.recommendation_weight("other", 2010, 2026)
    assert close == 1.0
    assert 0 < brief < close
    assert 0 < loose < close


def test_distrust_mark_wins_over_a_recommendation():
    edge = weights.combine((1.0, NOW), MarkLevel.WOULD_NOT_RECOMMEND, now=NOW, half_life_days=730)
    assert edge.weight == -1.0


def test_the_stronger_positive_signal_counts():
    fresh = weights.combine((0.9, NOW), MarkLevel.KNOW_PERSONALLY, now=NOW, half_life_days=730)
    assert fresh == weights.Edge(0.9, NOW)  # fading left to the engine
    old = weights.combine(
        (0.9, NOW - 4 * 730 * DAY), MarkLevel.KNOW_PERSONALLY, now=NOW, half_life_days=730
    )
    assert old == weights.Edge(0.5, None)  # the mark keeps an old recommendation alive


def test_no_signal_no_edge():
    assert weights.combine(None, None, now=NOW, half_life_days=730) is None
    assert weights.combine(None, MarkLevel.VOUCH, now=NOW, half_life_days=730).weight == 1.0


def test_fading_halves_after_a_half_life():
    assert abs(weights.fade_factor(NOW - 730 * DAY, NOW, 730) - 0.5) < 1e-9
    assert weights.fade_factor(None, NOW, 730) == 1.0


def test_this_year_is_the_sites_year_also_on_new_years_eve_after_23_utc(monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    from goodword.trust import adapter

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert adapter._year() == 2027  # already 2027 in Berlin, as for `known_since`
