"""Relative times and amounts in correct German and English: one helper each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from goodword.core.formats import euros, time_ago

NOW = timezone.now()


@pytest.mark.parametrize(
    ("delta", "german", "english"),
    [
        (timedelta(seconds=5), "gerade eben", "just now"),
        (timedelta(seconds=-30), "gerade eben", "just now"),  # clock skew
        (timedelta(minutes=1), "vor 1 Minute", "1 minute ago"),
        (timedelta(minutes=5), "vor 5 Minuten", "5 minutes ago"),
        (timedelta(hours=1, minutes=59), "vor 1 Stunde", "1 hour ago"),
        (timedelta(days=2, hours=5), "vor 2 Tagen", "2 days ago"),
        (timedelta(days=1), "vor 1 Tag", "1 day ago"),
        (timedelta(weeks=1, days=4), "vor 1 Woche", "1 week ago"),
        (timedelta(weeks=3), "vor 3 Wochen", "3 weeks ago"),
        (timedelta(days=65), "vor 2 Monaten", "2 months ago"),
        (timedelta(days=800), "vor 2 Jahren", "2 years ago"),
    ],
)
def test_time_ago(delta, german, english):
    with translation.override("de"):
        assert time_ago(NOW - delta, NOW) == german
    with translation.override("en"):
        assert time_ago(NOW - delta, NOW) == english


def test_time_ago_of_nothing_is_empty():
    assert time_ago(None) == ""


@pytest.mark.parametrize(
    ("amount", "german", "english"),
    [
        (Decimal("2400"), "2.400,00 €", "€2,400.00"),
        (Decimal("1234567.5"), "1.234.567,50 €", "€1,234,567.50"),
        (Decimal("99.99"), "99,99 €", "€99.99"),
        (0, "0,00 €", "€0.00"),
    ],
)
def test_euros(amount, german, english):
    with translation.override("de"):
        assert euros(amount) == german
    with translation.override("en"):
        assert euros(amount) == english


def test_the_filters():
    template = Template("{% load goodword %}{{ when|ago }} / {{ amount|euros }}")
    with translation.override("de"):
        html = template.render(Context({"when": NOW - timedelta(days=2), "amount": Decimal(2400)}))
    assert html == "vor 2 Tagen / 2.400,00 €"


def test_no_template_uses_timesince():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    users = [str(p) for p in root.glob("*/templates/**/*.html") if "timesince" in p.read_text()]
    assert users == []
