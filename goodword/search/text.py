"""Text analysis shared by both search backends: words, German and English stems, compound
parts, and the highlighted snippet that says why a member was found.

Both backends index exactly the tokens made here (SQLite FTS5 columns, PostgreSQL `simple`
vectors), so a query matches the same members on either database. Highlighting uses the same
matching rules, so what is marked is what the index matched.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.safestring import SafeString, mark_safe

from goodword.topics.vocabulary import STOP_WORDS, word_key

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Markdown punctuation that would look odd in a plain-text snippet.
MARKDOWN_RE = re.compile(r"[*_#`>\[\]]+")

MAX_TERMS = 8  # more words than this add noise, not precision
PREFIX_MIN = 2  # shorter stems are matched exactly, never as a prefix
PART_MIN = 4  # shortest compound part we index ("steu" in "einkommensteuer")
PART_START = 3  # a part starts at least this far into the word
COMPOUND_MIN = 7  # only stems at least this long are split into parts
UNKNOWN_WORD_WEIGHT = 0.6  # a word the vocabulary does not know, beside one it knows

# Words too common to narrow a search, and the words seekers wrap a need in; dropped from
# queries only. One list with the vocabulary, so expressions and queries drop the same words.
STOPWORDS = STOP_WORDS

_local = threading.local()


def _stemmers():
    # Snowball stemmer objects keep state while stemming: one pair per thread.
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("german"), snowballstemmer.stemmer("english"))
        _local.stemmers = pair
    return pair


def fold(word: str) -> str:
    """Lower-case, ß → ss, and drop diacritics (ä → a), as the German stemmer does."""
    word = word.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """The German and the English stem of one word (one entry when they agree)."""
    german, english = _stemmers()
    lowered = word.lower()
    return tuple(
        dict.fromkeys(fold(s) for s in (german.stemWord(lowered), english.stemWord(lowered)))
    )


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Tails of a long German stem, so that "Berater" finds "Steuerberater" and "Steuer" finds
    "Einkommensteuer". Parts are matched exactly, never as prefixes, which keeps "Erbe" from
    finding "Steuerberater" through the tail "erberat"."""
    stem = stems(word)[0]
    if len(stem) < COMPOUND_MIN:
        return ()
    return tuple(stem[i:] for i in range(PART_START, len(stem) - PART_MIN + 1))


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def index_tokens(text: str) -> str:
    """Space-separated stems of every word in `text` (what both backends index)."""
    return " ".join(s for w in words(text) for s in stems(w))


def index_parts(texts: Iterable[str]) -> str:
    """Distinct compound parts of every word in `texts` (both backends)."""
    seen: dict[str, None] = {}
    for text in texts:
        for w in words(text):
            for part in compound_parts(w):
                seen.setdefault(part, None)
    return " ".join(seen)


@dataclass(frozen=True)
class Term:
    """One query word: matched as a prefix of its stems anywhere, or exactly as a compound part."""

    word: str
    stems: tuple[str, ...]

    @property
    def part(self) -> str:
        return self.stems[0]

    def matches(self, word: str) -> bool:
        return _term_matches(self.stems, word)


@lru_cache(maxsize=200_000)
def _term_matches(term_stems: tuple[str, ...], word: str) -> bool:
    word_stems = stems(word)
    for mine in term_stems:
        for theirs in word_stems:
            if theirs == mine or (len(mine) >= PREFIX_MIN and theirs.startswith(mine)):
                return True
    part = term_stems[0]
    return len(part) >= PART_MIN and part in compound_parts(word)


def parse_query(q: str) -> list[Term]:
    """Words of a query as search terms (duplicates dropped, at most `MAX_TERMS`)."""
    terms: dict[str, Term] = {}
    for w in words(q):
        if w.lower() in STOPWORDS:
            continue
        word_stems = stems(w)
        if word_stems and word_stems[0]:
            terms.setdefault(word_stems[0], Term(word=w, stems=word_stems))
    return list(terms.values())[:MAX_TERMS]


def matched_terms(
    text: str,
    terms: list[Term],
    marked: frozenset[str] | set[str] = frozenset(),
    cache: dict[str, tuple[int, ...]] | None = None,
) -> set:
    """Indexes of the terms that occur in `text`, plus the `marked` words it contains (words
    that answered the query through the vocabulary). `cache` (word → indexes) may be shared
    by the calls of one search."""
    cache = {} if cache is None else cache
    found: set = set()
    for w in set(words(text)):
        hits = cache.get(w)
        if hits is None:
            hits = cache[w] = tuple(i for i, term in enumerate(terms) if term.matches(w))
        found.update(hits)
        if w.lower() in marked:
            found.add(w.lower())
    return found


def highlight(
    text: str,
    terms: list[Term],
    marked: frozenset[str] | set[str] = frozenset(),
    *,
    max_words: int = 36,
) -> SafeString:
    """An excerpt of `text` around the first match with matched words (and the `marked` ones,
    lower-case) in <mark>.

    Everything is escaped before the marks are added, so recommendation texts can never
    inject markup."""
    plain = MARKDOWN_RE.sub("", text or "")
    pieces = list(WORD_RE.finditer(plain))
    if not pieces:
        return mark_safe(html.escape(plain[:200]))  # noqa: S308 - escaped just now
    keys = [t.stems for t in terms]

    seen: dict[str, bool] = {}

    def hit(word: str) -> bool:
        found = seen.get(word)
        if found is None:
            found = seen[word] = word.lower() in marked or any(_term_matches(k, word) for k in keys)
        return found

    first = next((i for i, m in enumerate(pieces) if hit(m.group())), 0)
    start_word = max(0, first - max_words // 3)
    end_word = min(len(pieces), start_word + max_words)
    start = 0 if start_word == 0 else pieces[start_word].start()
    end = len(plain) if end_word == len(pieces) else pieces[end_word - 1].end()
    out: list[str] = ["… " if start > 0 else ""]
    cursor = start
    for m in pieces[start_word:end_word]:
        if hit(m.group()):  # escaping is per character: the text between marks goes whole
            out.append(html.escape(plain[cursor : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            cursor = m.end()
    out.append(html.escape(plain[cursor:end]))
    if end < len(plain):
        out.append(" …")
    return mark_safe("".join(out).strip())  # noqa: S308 - every piece was escaped above


@dataclass(frozen=True)
class Unit:
    """One part of a request that a member can answer: a word, or several words that together
    name a vocabulary concept ("Haare färben"). A member matches the unit through any of its
    words, the concept or a narrower one (`concepts`), or, weaker, a related one (`related`)."""

    terms: tuple[Term, ...]
    concepts: frozenset[int] = frozenset()
    related: frozenset[int] = frozenset()
    weight: float = 1.0  # the words of a several-word concept share one unit's weight

    @property
    def label(self) -> str:
        return " ".join(t.word for t in self.terms)


def _term(word: str) -> Term | None:
    word_stems = stems(word)
    return Term(word=word, stems=word_stems) if word_stems and word_stems[0] else None


def _unit(vocab, word_list: list[str], concepts: set[int], weight: float = 1.0) -> Unit | None:
    terms = tuple(t for t in (_term(w) for w in word_list) if t is not None)
    if not terms and not concepts:
        return None
    wider = set(concepts)
    related: set[int] = set()
    for concept in concepts:
        wider |= vocab.narrower.get(concept, frozenset())
        related |= vocab.related.get(concept, frozenset())
    return Unit(
        terms=terms,
        concepts=frozenset(wider),
        related=frozenset(related - wider),
        weight=weight,
    )


def _split_compound(vocab, word: str) -> list[tuple[str, set[int]]] | None:
    """A long word the vocabulary does not know, split where its tail is a known expression
    ("Lohnbuchhaltung" → "Lohn" + "Buchhaltung"): the head is kept as a word (and as a concept
    if it is one too). None when no split is found."""
    if len(word) < COMPOUND_MIN + 1:
        return None
    for i in range(PART_START, len(word) - PART_MIN + 1):
        tail = word[i:]
        tail_concepts = vocab.phrases.get((word_key(tail),))
        if not tail_concepts:
            continue
        head = word[:i]
        head_concepts = vocab.phrases.get((word_key(head),)) or (
            vocab.phrases.get((word_key(head[:-1]),)) if head.endswith("s") else None
        )
        parts = [(tail, set(tail_concepts))]
        if head_concepts or len(head) >= PART_MIN:
            parts.insert(
                0, (head.rstrip("s") if not head_concepts else head, set(head_concepts or ()))
            )
        return parts
    return None


def analyse_query(q: str, vocab) -> list[Unit]:
    """The units of a query: stop words dropped, vocabulary expressions found (longest first),
    unknown compounds split against the vocabulary; at most `MAX_TERMS`."""
    kept = [w for w in words(q) if w.lower() not in STOPWORDS]
    units: list[Unit] = []
    spans = {m.start: m for m in vocab.find(kept)}
    i = 0
    while i < len(kept):
        match = spans.get(i)
        if match is not None:
            covered = kept[match.start : match.end]
            unit = _unit(vocab, covered, set(match.concepts))
            if len(covered) > 1:
                # Members without the concept can still answer its words, each a share.
                for word in covered:
                    part = _unit(vocab, [word], set(), weight=1 / len(covered))
                    if part is not None:
                        units.append(part)
            i = match.end
        else:
            parts = _split_compound(vocab, kept[i])
            if parts:
                for part, concepts in parts:
                    unit = _unit(vocab, [part], concepts)
                    if unit is not None:
                        units.append(unit)
                unit = None
            else:
                unit = _unit(vocab, [kept[i]], set())
            i += 1
        if unit is not None:
            units.append(unit)
    if any(u.concepts for u in units):
        # Words the vocabulary does not know say less than those it does ("prüfen" beside
        # "Steuerbescheid"); they still rank members who have them higher.
        units = [
            Unit(u.terms, u.concepts, u.related, UNKNOWN_WORD_WEIGHT)
            if not u.concepts and u.weight == 1.0
            else u
            for u in units
        ]
    seen: set[tuple] = set()
    unique = []
    for unit in units:
        key = (tuple(t.part for t in unit.terms), unit.concepts, unit.weight)
        if key not in seen:
            seen.add(key)
            unique.append(unit)
    return unique[:MAX_TERMS]


def unit_terms(units: list[Unit]) -> list[Term]:
    return [t for u in units for t in u.terms]
