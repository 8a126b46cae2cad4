"""Shared test helpers of core."""

import re
from pathlib import Path

from goodword.core.legal import SHIPPED_DIR


def fill_legal_templates(target: Path) -> Path:
    """deploy/legal/*.html copied to `target` as an operator fills them in: no placeholders."""
    target.mkdir(parents=True, exist_ok=True)
    for template in SHIPPED_DIR.glob("*.html"):
        text = re.sub(r"\[\[(.*?)\]\]", r"Ausgefüllt: \1", template.read_text(encoding="utf-8"))
        (target / template.name).write_text(text, encoding="utf-8")
    return target
