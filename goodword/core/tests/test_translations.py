"""Every German catalogue is complete: no empty or fuzzy entries, and the .mo is compiled."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted(ROOT.glob("goodword/*/locale/de/LC_MESSAGES/django.po"))


def parse_po(path: Path) -> list[dict]:
    """A minimal .po reader: enough to find empty and fuzzy translations."""
    entries: list[dict] = []
    current: dict = {"flags": "", "msgid": "", "msgstr": "", "plural": False}
    field = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if field is not None:
                entries.append(current)
            current = {"flags": "", "msgid": "", "msgstr": "", "plural": False}
            field = None
        elif line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            current["plural"] = True
            field = "msgid_plural"
        elif line.startswith("msgid "):
            field = "msgid"
            current["msgid"] = line[6:].strip('"')
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"] += line.split(" ", 1)[1].strip('"')
        elif line.startswith('"') and field in {"msgid", "msgstr"}:
            current[field] += line.strip('"')
    return entries


def test_there_are_german_catalogues():
    assert CATALOGUES, "no German catalogues found"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete_and_compiled(path):
    problems = []
    for entry in parse_po(path):
        if not entry["msgid"] and not entry["plural"]:
            continue  # header
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        elif not entry["msgstr"]:
            problems.append(f"untranslated: {entry['msgid']!r}")
    assert not problems, f"{path}: " + "; ".join(problems[:10])
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages"
