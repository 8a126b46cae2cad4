"""The member's start page: what waits for them, gathered from the apps (`hooks.START_SECTIONS`).

No feed: each section lists only things that need the member (a decision, an answer) or fit
what they work on, a few at a time, with a link to the full list."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import hooks

ITEMS_PER_SECTION = 5


@dataclass(frozen=True)
class StartSection:
    order: int  # smaller first: decisions before news
    template: str
    context: dict = field(default_factory=dict)


def get_start_sections(member) -> list[StartSection]:
    sections = [s for s in hooks.run(hooks.START_SECTIONS, member) if s is not None]
    return sorted(sections, key=lambda s: (s.order, s.template))
