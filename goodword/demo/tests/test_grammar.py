"""Topic names are set in the nominative ("Regionale Küche"): a demo sentence may only name a
topic after "Thema" or "Bereich", never after a preposition that would need it declined
("Unterstützung bei Regionale Küche")."""

import re

from goodword.demo import data

PLACEHOLDER = re.compile(r"(\S*\s*)\{topic2?\}")


def sentences():
    for name in dir(data):
        value = getattr(data, name)
        if isinstance(value, list):
            yield from (s for s in value if isinstance(s, str))
        elif isinstance(value, dict):
            for item in value.values():
                if isinstance(item, list):
                    yield from (s for s in item if isinstance(s, str))


def test_topics_are_named_after_thema_or_bereich():
    wrong = [
        s
        for s in sentences()
        for before in PLACEHOLDER.findall(s)
        if before.strip() not in {"Thema", "Bereich"}
    ]
    assert wrong == []


def test_the_request_titles_read_well_with_an_adjective_topic():
    titles = [
        t.format(topic="Regionale Küche", wer="eine Köchin", city="Köln") for t in data.ASK_TITLES
    ]
    assert "Unterstützung beim Thema Regionale Küche gesucht" in titles
    assert not any("bei Regionale" in t or "mit Regionale" in t for t in titles)
