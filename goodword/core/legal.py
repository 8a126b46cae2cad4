"""The instance's legal pages: the Impressum (legal notice) and the privacy notice.

The operator writes them as HTML fragments in `settings.LEGAL_DIR`, one file per page and
language (`impressum.de.html`, `impressum.en.html`, `privacy.de.html`, `privacy.en.html`).
Until they do, the templates shipped in `deploy/legal/` are shown with a notice, and production
refuses to install (`check`, see `goodword.core.checks`). The texts are the operator's own and
trusted like a template; the Content-Security-Policy blocks scripts in them anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

PAGES = {"impressum": _("Impressum (legal notice)"), "privacy": _("Privacy notice")}
# The language the operator must provide; the other falls back to it.
REQUIRED_LANGUAGE = "de"
# Every placeholder in the shipped templates looks like [[Name of the operator]].
PLACEHOLDER = "[["
SHIPPED_DIR = Path(settings.BASE_DIR) / "deploy" / "legal"


@dataclass(frozen=True)
class LegalText:
    html: SafeString
    language: str  # the language the text is written in
    configured: bool  # the operator's own file (False: the shipped template)
    has_placeholders: bool


def file_name(page: str, language: str) -> str:
    return f"{page}.{language}.html"


def get_legal_text(page: str, language: str) -> LegalText:
    """The text of `page` in `language`, else in German; the operator's file first, then the
    shipped template."""
    if page not in PAGES:
        raise ValueError(f"unknown legal page {page!r}")
    languages = list(dict.fromkeys([language, REQUIRED_LANGUAGE]))
    for directory, configured in ((Path(settings.LEGAL_DIR), True), (SHIPPED_DIR, False)):
        for lang in languages:
            path = directory / file_name(page, lang)
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                return LegalText(
                    html=mark_safe(text),  # noqa: S308 - the operator's own file, like a template
                    language=lang,
                    configured=configured,
                    has_placeholders=PLACEHOLDER in text,
                )
    return LegalText(mark_safe(""), language, configured=False, has_placeholders=True)


def legal_problems() -> list[str]:
    """What is missing before the instance may go live: one line per page."""
    problems = []
    for page in PAGES:
        path = Path(settings.LEGAL_DIR) / file_name(page, REQUIRED_LANGUAGE)
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif PLACEHOLDER in path.read_text(encoding="utf-8"):
            problems.append(f"{path} still contains placeholders ({PLACEHOLDER}…]])")
    return problems
