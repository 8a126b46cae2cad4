"""What the site accepts as input, written once: numbers that fit the database and text that
every database can store. `middleware.InputGuardMiddleware` applies it to every request."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from django.utils.translation import gettext as _

# Primary keys are 64-bit signed integers in SQLite and PostgreSQL (BigAutoField).
MAX_ID = 2**63 - 1


class InputRefused(ValueError):
    """Input that no view should see; `message` says why in the active language. `status` is 400
    for bytes that are not text at all, 422 for text or numbers the site cannot accept."""

    def __init__(self, message: str, *, location: tuple, status: int = 422):
        super().__init__(message)
        self.message = message
        self.location = location
        self.status = status


def path_id_out_of_range(path: str) -> bool:
    """True when a numeric segment of the URL path cannot be an id (beyond 64 bits): such a URL
    names nothing, whichever route would match it."""
    return any(
        segment.isascii()
        and segment.isdigit()
        and (len(segment.lstrip("0")) > 19 or int(segment) > MAX_ID)
        for segment in path.split("/")
    )


def text_problem(text: str) -> str | None:
    """Why `text` cannot be stored (PostgreSQL refuses NUL; no database stores unpaired UTF-16
    surrogates, which JSON's `\\ud800` escapes can produce), or None when it can."""
    if "\x00" in text:
        return _("The text contains a NUL character (0x00), which cannot be stored.")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return _("The text contains an invalid character (an unpaired surrogate).")
    return None


def check_text(text: str, *, location: tuple) -> None:
    problem = text_problem(text)
    if problem:
        raise InputRefused(problem, location=location)


def check_pairs(raw: bytes, *, location: tuple) -> None:
    """A query string or `application/x-www-form-urlencoded` body: every name and value must be
    valid UTF-8 (Django would otherwise store U+FFFD in its place) and storable text."""
    for chunk in raw.split(b"&"):
        for quoted in chunk.split(b"=", 1):
            part = unquote_to_bytes(quoted.replace(b"+", b" "))
            try:
                text = part.decode("utf-8")
            except UnicodeDecodeError:
                raise InputRefused(
                    _("The input is not valid UTF-8 text. Please send it again as UTF-8."),
                    location=location,
                    status=400,
                ) from None
            check_text(text, location=location)


def check_json(data: Any, *, location: tuple = ("body",)) -> None:
    """Every string (keys included) storable, every integer within 64 bits."""
    if isinstance(data, str):
        check_text(data, location=location)
    elif isinstance(data, bool) or data is None or isinstance(data, float):
        return
    elif isinstance(data, int):
        if not -MAX_ID - 1 <= data <= MAX_ID:
            raise InputRefused(
                _("The number %(number)s is too large.") % {"number": _short(data)},
                location=location,
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            check_text(key, location=location)
            check_json(value, location=(*location, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_json(value, location=(*location, index))


def _short(number: int) -> str:
    text = str(number)
    return text if len(text) <= 24 else text[:20] + "…"


def parse_json_object(raw: bytes) -> Any:
    """The JSON body, or raise ValueError when it is not JSON in UTF-8."""
    return json.loads(raw.decode("utf-8"))
