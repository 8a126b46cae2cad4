"""One behaviour, one place (docs/architecture.md): the repeats that drifted once do not come
back. Each test reads the apps' source (tests left out) and names the one place to use."""

import ast
import re
from pathlib import Path

APPS = Path(__file__).resolve().parents[2]


def _sources(pattern: str = "*.py"):
    for path in sorted(APPS.rglob(pattern)):
        parts = path.relative_to(APPS).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(APPS).as_posix(), path.read_text()


def _where(regex: str, pattern: str = "*.py") -> list[str]:
    found = re.compile(regex, re.M)
    return [name for name, text in _sources(pattern) if found.search(text)]


def test_no_app_asks_whether_another_is_installed_or_importable():
    """Every app is always installed; layers (pyproject.toml) say who may import whom."""
    assert _where(r"is_installed\(|except ImportError") == []


def test_an_error_body_has_one_schema():
    """`goodword.api.errors.ErrorOut` (and `RefusalOut` for the contact rules)."""
    copies = []
    for name, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "id", "") for base in node.bases}
            if not bases & {"Schema", "ErrorOut"}:
                continue
            fields = {
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
            if "ErrorOut" in bases:
                fields.add("detail")
            if "detail" in fields and fields <= {"detail", "errors", "reason_code"}:
                copies.append(f"{name}:{node.name}")
    assert copies == ["api/errors.py:ErrorOut", "api/errors.py:RefusalOut"]


def test_a_refusal_reaches_a_form_through_the_core_helpers():
    """`core.forms.add_service_errors`, `add_refusal` and `refusal`."""
    assert _where(r"add_error\(None, (str\(exc\)|exc\.messages)|message_dict\.get\(") == [
        "core/forms.py"
    ]


def test_members_are_looked_up_and_mailed_in_one_place_each():
    assert _where(r"^def access_member\b") == ["core/members.py"]
    assert _where(r"^from django\.core\.mail import|^from django\.core import mail") == [
        "subscriptions/services.py"
    ]


def test_one_form_field_template_and_one_topic_combobox():
    assert [p.relative_to(APPS).as_posix() for p in APPS.rglob("_field.html")] == [
        "core/templates/core/_field.html"
    ]
    assert _where(r'role="combobox"', "*.html") == ["topics/templates/topics/_combobox.html"]


def test_errors_of_the_whole_form_have_one_template():
    """`core/_form_errors.html`; a page that shows a refusal as a warning writes its own."""
    copy = r"{% if [\w.]+non_field_errors %}<ul class=\"errorlist"
    assert _where(copy, "*.html") == ["core/templates/core/_form_errors.html"]


def test_the_trust_adapter_does_not_probe_its_engine():
    adapter = (APPS / "trust" / "adapter.py").read_text()
    assert not re.search(r"\binspect\b|hasattr\(|getattr\(self\._graph|getattr\(graph", adapter)
