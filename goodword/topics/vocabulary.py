"""The search vocabulary as a matcher: which concepts a text or query names.

Expressions and texts are compared word by word on a key: the German Snowball stem of the
lower-cased, umlaut-folded word, with a feminine "-in"/"-innen" dropped first, so "Fotografin",
"Fotografen" and "Fotograf" share a key. Function words ("für", "the") are skipped on both sides.
The compiled vocabulary is kept per process for `REFRESH_SECONDS`; `forget_vocabulary()` drops it
at once (called after every write to the vocabulary in this process).
"""

from __future__ import annotations

import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

DATA_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.json"
REFRESH_SECONDS = 60
MAX_PHRASE = 4  # longest expression, in words, that is looked for
# The index token of a concept is "0c" + id: no tokenizer makes that of a word.
TOKEN_PREFIX = "0c"  # noqa: S105 - not a secret

WORD_RE = re.compile(r"\w+", re.UNICODE)
# Words too common to mean anything in a request (German and English), and the words seekers
# wrap a need in ("Ich suche jemanden, der mir hilft", "need someone to"). Expressions and
# queries both drop them, so "beruflich neu orientieren" and "beruflich orientieren" match.
STOP_WORDS = frozenset(
    """
    aber als am an auch auf aufs aus bei beim bin bis das dass dem den der des die du ein eine
    einem einen einer er es für fürs hat ich ihr im in ins ist ja mit nach nicht noch oder sehr
    sich sie sind so und uns vom von vor war was wie wir zu zum zur a and are as at be by for from
    is it of on or the to with who
    mein meine meinen meinem meiner meines mir mich unser unsere unseren unserem dein deine
    jemand jemanden jemandem wer wen kann können könnte möchte möchten will wollen soll brauche
    brauchen benötige suche suchen gesucht hilfe helfen hilft machen macht lassen gern gerne
    bitte guter gute gutes guten neu neue neuer neues neuen bald schnell günstig einfach
    my our your me i we you need needs want looking find someone somebody help can could
    do get good new please some any
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return stemmer


def fold(word: str) -> str:
    """Lower-case, ß → ss, and drop diacritics (ä → a)."""
    word = word.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """The key two word forms share when they mean the same ("Köchinnen" → "koch")."""
    lowered = word.lower()
    if len(lowered) > 7 and lowered.endswith("innen"):
        lowered = lowered[:-5]
    elif len(lowered) > 6 and lowered.endswith("in") and lowered[-3] not in "aeiouäöüy":
        lowered = lowered[:-2]
    return fold(_stemmer().stemWord(lowered))


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w.lower() not in STOP_WORDS]


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(word_key(w) for w in content_words(text))


def token(concept_id: int) -> str:
    return f"{TOKEN_PREFIX}{concept_id}"


@dataclass(frozen=True)
class Match:
    start: int  # index of the first word covered (in the list given to `find`)
    end: int  # one past the last word
    concepts: frozenset[int]


@dataclass
class Vocabulary:
    phrases: dict[tuple[str, ...], set[int]] = field(default_factory=dict)
    named: dict[tuple[str, ...], set[int]] = field(default_factory=dict)  # by name only
    names: dict[int, str] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)
    narrower: dict[int, frozenset[int]] = field(default_factory=dict)  # transitive
    related: dict[int, frozenset[int]] = field(default_factory=dict)
    _phrases_seen: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    def concepts_of_phrase(self, phrase: str) -> frozenset[int]:
        """`concepts_in` and `concepts_of_name` of a topic name or profession, remembered."""
        known = self._phrases_seen.get(phrase)
        if known is None:
            known = frozenset(self.concepts_in(phrase) | self.concepts_of_name(phrase))
            if len(self._phrases_seen) < 50_000:
                self._phrases_seen[phrase] = known
        return known

    def find(self, word_list: list[str]) -> list[Match]:
        """Longest expressions first, left to right, without overlaps."""
        keys = [word_key(w) for w in word_list]
        found, i = [], 0
        while i < len(keys):
            for n in range(min(MAX_PHRASE, len(keys) - i), 0, -1):
                key = tuple(keys[i : i + n])
                # A concept's own name wins over another concept's synonym ("SQL").
                concepts = self.named.get(key) or self.phrases.get(key)
                if concepts:
                    found.append(Match(i, i + n, frozenset(concepts)))
                    i += n
                    break
            else:
                i += 1
        return found

    def concepts_in(self, text: str) -> set[int]:
        """Every concept an expression in `text` names."""
        return {c for m in self.find(content_words(text)) for c in m.concepts}

    def concepts_of_name(self, name: str) -> set[int]:
        """Concepts whose expression is exactly `name` (a topic or profession); a concept's
        own name wins over another concept's synonym."""
        key = phrase_key(name)
        return set(self.named.get(key) or self.phrases.get(key, ()))


def compile_vocabulary(concepts, broader: dict[int, int | None], related) -> Vocabulary:
    """`concepts`: (id, name, kind, expressions), the expressions starting with the name and
    the English name; `broader`: id → broader id; `related`: (id, id) pairs."""
    vocab = Vocabulary()
    for concept_id, name, kind, expressions in concepts:
        vocab.names[concept_id] = name
        vocab.kinds[concept_id] = kind
        for n, expression in enumerate(expressions):
            key = phrase_key(expression or "")
            if key:
                vocab.phrases.setdefault(key, set()).add(concept_id)
                if n < 2:  # the name and the English name come first
                    vocab.named.setdefault(key, set()).add(concept_id)
    children: dict[int, set[int]] = {}
    for child, parent in broader.items():
        if parent is not None:
            children.setdefault(parent, set()).add(child)

    def below(concept_id: int, seen: set[int]) -> set[int]:
        out: set[int] = set()
        for child in children.get(concept_id, ()):
            if child not in seen:
                seen.add(child)
                out |= {child} | below(child, seen)
        return out

    vocab.narrower = {c: frozenset(below(c, {c})) for c in vocab.names}
    pairs: dict[int, set[int]] = {}
    for a, b in related:
        pairs.setdefault(a, set()).add(b)
        pairs.setdefault(b, set()).add(a)
    vocab.related = {c: frozenset(v) for c, v in pairs.items()}
    return vocab


_cache: dict[str, tuple[float, Vocabulary]] = {}
_lock = threading.Lock()


def get_vocabulary() -> Vocabulary:
    """The compiled vocabulary of this process (three queries when it is (re)built)."""
    now = time.monotonic()
    cached = _cache.get("vocabulary")
    if cached is not None and now - cached[0] < REFRESH_SECONDS:
        return cached[1]
    from .models import Concept

    with _lock:
        rows = list(Concept.objects.values_list("id", "name", "name_en", "kind", "expressions"))
        broader = dict(Concept.objects.values_list("id", "broader_id"))
        related = list(
            Concept.related.through.objects.values_list("from_concept_id", "to_concept_id")
        )
        vocab = compile_vocabulary(
            [
                (cid, name, kind, [name, name_en, *expressions.splitlines()])
                for cid, name, name_en, kind, expressions in rows
            ],
            broader,
            related,
        )
        _cache["vocabulary"] = (now, vocab)
    return vocab


def forget_vocabulary() -> None:
    _cache.pop("vocabulary", None)


def load_data(path: Path = DATA_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))
