"""German recommendation texts for the demo network, assembled from `data` and rendered to HTML
the way the recommendations app renders written ones."""

from __future__ import annotations

import html
import random

from goodword.recommendations.markdown import render_markdown

from . import data
from .network import RecSpec

# Placeholders filled after Markdown rendering (see `data`), as plain-letter sentinels.
SENTINELS = {"name": "QXNAMEQX", "topic": "QXTOPICQX", "topic2": "QXTOPICTWOQX", "year": "QXYEARQX"}


class TextBuilder:
    """Assembles German recommendation texts from templates and renders them to HTML.

    Rendering Markdown 100,000 times is the slow part of seeding, so each template *sentence* is
    rendered once, with sentinels in place of names, topics and years, and the pieces are joined
    and filled in afterwards. A self-check on the first texts falls back to rendering every text
    whole if that shortcut ever disagrees with the renderer.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.render = render_markdown  # as the app renders written texts
        self.cache: dict[str, str | None] = {}
        self.checked = 0
        self.shortcut_ok = True

    @staticmethod
    def _gendered(template: str, gender: str) -> str:
        for key, word in data.PRONOUNS[gender].items():
            template = template.replace("{" + key + "}", word)
        return template

    def _inline(self, sentence: str) -> str | None:
        """The rendered sentence without its paragraph wrapper (None if it has none)."""
        if sentence not in self.cache:
            rendered = self.render(sentence)
            inline = None
            if rendered.startswith("<p>") and rendered.endswith("</p>"):
                inline = rendered[3:-4]
                if "<p>" in inline:
                    inline = None
            self.cache[sentence] = inline
        return self.cache[sentence]

    def _fast_html(self, paragraphs: list[list[str]]) -> str | None:
        rendered = []
        for sentences in paragraphs:
            pieces = []
            for sentence in sentences:
                for key, sentinel in SENTINELS.items():
                    sentence = sentence.replace("{" + key + "}", sentinel)
                inline = self._inline(sentence)
                if inline is None:
                    return None
                pieces.append(inline)
            rendered.append("<p>" + " ".join(pieces) + "</p>")
        return "\n".join(rendered)

    def build(self, spec: RecSpec, first_name: str, gender: str) -> tuple[str, str]:
        rng = self.rng
        sentences = [rng.choice(data.OPENERS[spec.relationship]), rng.choice(data.TOPIC_SENTENCES)]
        if len(spec.topics) > 1 and rng.random() < 0.6:
            sentences.append(rng.choice(data.SECOND_TOPIC_SENTENCES))
        detail = rng.choice(data.DETAILS)
        if detail:
            sentences.append(detail)
        closer = rng.choice(data.CLOSERS)
        paragraphs = [sentences, [closer]] if rng.random() < 0.5 else [[*sentences, closer]]
        paragraphs = [[self._gendered(s, gender) for s in p] for p in paragraphs]
        values = {
            "name": first_name,
            "topic": spec.topics[0],
            "topic2": spec.topics[1] if len(spec.topics) > 1 else spec.topics[0],
            "year": str(spec.known_since),
        }
        text = "\n\n".join(" ".join(p) for p in paragraphs)
        for key, value in values.items():
            text = text.replace("{" + key + "}", value)

        rendered = self._fast_html(paragraphs) if self.shortcut_ok else None
        if rendered is None:
            return text, self.render(text)
        for key, sentinel in SENTINELS.items():
            rendered = rendered.replace(sentinel, html.escape(values[key], quote=False))
        if self.checked < 50:
            self.checked += 1
            whole = self.render(text)
            if rendered != whole:
                self.shortcut_ok = False
                return text, whole
        return text, rendered


def fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template
