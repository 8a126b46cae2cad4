"""The page frame's navigation and footer (`base.html`): rendered once per language, section
and signed-in state and kept in the process, because they are the same on every page but cost
a quarter of a simple page to render. The member's own parts (profile link, unread count, CSRF
token, the current path) are put in per request."""

from __future__ import annotations

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from goodword.core.fragments import KeptFragments
from goodword.core.kept import KeptTable, emptied_when_settings_change
from goodword.core.links import id_url

# Private-use characters: templates never write them, so a mark is found only where it was put.
_MARK = "\ue000{}\ue000"
_MARKS = re.compile("\ue000(\\w+)\ue000")
_KEPT = emptied_when_settings_change(KeptTable(size=256))
_BADGES = KeptFragments("core/_unread_badge.html", 64)


def _marks(*names: str) -> dict[str, SafeString]:
    return {name: mark_safe(_MARK.format(name)) for name in names}  # noqa: S308 -- fixed marks


def _kept(template_name: str, flags: dict, per_request: dict[str, str]) -> SafeString:
    key = (template_name, get_language(), get_script_prefix(), *sorted(flags.items()))
    html = None if settings.DEBUG else _KEPT.get(key)
    if html is None:
        html = render_to_string(template_name, {**flags, **_marks(*per_request)})
        if not settings.DEBUG:  # in development a template edit shows on the next request
            _KEPT.put(key, html)
    # One pass, so a value (such as the path) is never searched for marks itself.
    filled = _MARKS.sub(lambda mark: per_request[mark.group(1)], html)
    return mark_safe(filled)  # noqa: S308 -- kept HTML from a template, values escaped below


def _signed_in(context) -> bool:
    user = context.get("user")
    return bool(user is not None and user.is_authenticated)


def _unread_badge(context) -> str:
    count = context.get("unread_notifications_count")
    n = count() if callable(count) else count
    return _BADGES.render((n,), {"n": n}) if n else ""


def nav(context) -> SafeString:
    """The site navigation for the page being rendered in `context`."""
    request = context["request"]
    signed_in = _signed_in(context)
    match = request.resolver_match
    flags = {"authenticated": signed_in, "section": match.app_name if match else ""}
    per_request = {"csrf_token": escape(context.get("csrf_token", ""))}
    if signed_in:
        profile_url = id_url("accounts:profile", context["user"].pk)
        per_request |= {"profile_url": escape(profile_url), "unread_badge": _unread_badge(context)}
    return _kept("core/_nav.html", flags, per_request)


def footer(context) -> SafeString:
    """The site footer with the language switch back to the page being rendered."""
    per_request = {
        "csrf_token": escape(context.get("csrf_token", "")),
        "next_path": escape(context["request"].get_full_path()),
    }
    return _kept("core/_footer.html", {"authenticated": _signed_in(context)}, per_request)
