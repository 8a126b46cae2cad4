from goodword.search.text import compound_parts, highlight, matched_terms, parse_query


def test_german_word_forms_share_a_stem():
    (term,) = parse_query("Steuerberaterin")
    for word in ("Steuerberatung", "Steuerberater", "Steuerberaterinnen", "steuerberatend"):
        assert term.matches(word), word


def test_compound_parts_match_exactly_not_as_prefix():
    (berater,) = parse_query("Berater")
    assert berater.matches("Steuerberater")
    (erbe,) = parse_query("Erbe")
    assert not erbe.matches("Steuerberater")
    assert "steu" in compound_parts("Einkommensteuer")


def test_stopwords_and_duplicates_are_dropped():
    assert [t.word for t in parse_query("die Tischlerin und der Tischler in Köln")] == [
        "Tischlerin",
        "Köln",
    ]


def test_umlaut_spellings_are_folded():
    (term,) = parse_query("Köln")
    assert term.matches("Koeln") and term.matches("KÖLN")


def test_highlight_escapes_before_marking():
    terms = parse_query("Steuerberaterin")
    html = highlight('<img src=x onerror="alert(1)"> beste Steuerberaterin & mehr', terms)
    assert "<img" not in html
    assert "&lt;img" in html
    assert "<mark>Steuerberaterin</mark>" in html
    assert "&amp; mehr" in html


def test_highlight_cuts_long_texts_around_the_first_match():
    text = " ".join(["Wort"] * 80 + ["Tischlerin"] + ["Ende"] * 80)
    html = highlight(text, parse_query("Tischler"))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Tischlerin</mark>" in html


def test_matched_terms_counts_distinct_terms():
    terms = parse_query("Steuer Köln")
    assert matched_terms("Steuerberatung in Köln", terms) == {0, 1}
    assert matched_terms("Tischlerei in Bonn", terms) == set()
