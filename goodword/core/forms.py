"""Form helpers every app uses."""

from __future__ import annotations

import html

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's `ValidationError` on the form: each message on the field it names,
    messages for anything else (or without a field) above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def refusal(exc: ValidationError | PermissionDenied) -> tuple[str, int]:
    """A service's refusal as one text for the page and the status to answer with: 403 for
    `PermissionDenied` (not allowed), 400 for `ValidationError` (not like this)."""
    if isinstance(exc, PermissionDenied):
        return str(exc), 403
    return " ".join(exc.messages), 400


def add_refusal(form: forms.BaseForm, exc: ValidationError | PermissionDenied) -> int:
    """Show a service's refusal on the form (`PermissionDenied` above it, a `ValidationError`
    through `add_service_errors`) and return the status to answer with (403 or 400)."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
        return 403
    add_service_errors(form, exc)
    return 400


class FlatChoices(BaseChoiceIterator):
    """Choices already in Django's normal form, flat `(value, label)` pairs: a widget keeps
    them as they are instead of normalising every pair again on each request (a few hundred
    topics cost 0.5 ms a page)."""

    def __init__(self, pairs: list[tuple]) -> None:
        self._pairs = pairs

    def __iter__(self):
        return iter(self._pairs)


class PlainSelect(forms.Select):
    """A `<select>` with flat options, rendered in Python: the same HTML as Django's `Select`
    without one template render per option (a list of a few hundred topics cost more than the
    rest of the page). No option groups and no per-option attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        options = []
        chosen = False
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = not chosen and text in values
            chosen = chosen or selected
            # Plain concatenation of escaped parts: format_html per option cost more than
            # the rest of the select.
            options.append(
                f'  <option value="{_escape(text)}"'
                f"{' selected' if selected else ''}>{_escape(label)}</option>\n\n"
            )
        final = self.build_attrs(self.attrs, attrs or {})
        head = format_html('<select name="{}"{}>\n', name, _attrs_html(final))
        return mark_safe(head + "".join(options) + "</select>")  # noqa: S308 - escaped above


class PlainRadioSelect(forms.RadioSelect):
    """Radio buttons whose `<input>`s are written in Python: the same HTML as Django's
    `RadioSelect` without three template renders per option (`{{ radio.tag }}` in a template
    loop). Labels wrapped around the input and the widget as a whole still use the templates."""

    def _render(self, template_name, context, renderer=None):
        option = context.get("widget", {})
        if template_name != self.option_template_name or option.get("wrap_label"):
            return super()._render(template_name, context, renderer)
        return _input_html(option)


class PlainTextInput(forms.TextInput):
    """A text `<input>` written in Python: the same HTML as Django's `TextInput` without
    rendering two templates (the search form has two on every search page)."""

    def render(self, name, value, attrs=None, renderer=None):
        return _input_html(self.get_context(name, value, attrs)["widget"])


def _input_html(widget: dict) -> str:
    """What `django/forms/widgets/input.html` writes for a widget's context."""
    value = widget["value"]
    written = "" if value is None else format_html(' value="{}"', value)
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        written,
        _attrs_html(widget["attrs"]),
    )


def _escape(value) -> str:
    """`conditional_escape` for many short values: the standard library's `html.escape`
    writes the same entities as Django's `escape` without its lazy-string wrapper, which cost
    more than the escaping."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def _attrs_html(attrs: dict) -> str:
    """HTML attributes in the order Django's attrs.html writes them (flatatt would sort
    them): `True` as a bare name, `False` left out."""
    return mark_safe(  # noqa: S308 - every part is escaped by format_html
        "".join(
            format_html(" {}", key) if val is True else format_html(' {}="{}"', key, val)
            for key, val in attrs.items()
            if val is not False
        )
    )
