import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .queries import split_topic_names, suggest_concepts, suggest_topics


def _listbox_id(value: str) -> str:
    return value if re.fullmatch(r"[a-z][a-z0-9-]{0,39}", value) else "topic-suggestions-list"


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Suggestions for the topic being typed, as a small listbox partial for htmx.

    Accepts `q` or `topic` (one name), or `topics` (the whole comma-separated field: the last
    part is completed, the earlier ones are not suggested again). `listbox` names the list's id.
    """
    single = next((request.GET[key] for key in ("q", "topic") if key in request.GET), None)
    if single is not None:
        typed, chosen = single, []
    else:
        raw = request.GET.get("topics", "")
        parts = raw.replace(";", ",").split(",")
        typed, chosen = parts[-1], split_topic_names(",".join(parts[:-1]))
    typed = typed.strip()[:60]
    topics = suggest_topics(typed, exclude=chosen)
    # Vocabulary concepts the typed words mean: choosing one links the topic to the words
    # seekers use ("Homepage" → "Website-Erstellung").
    shown = {t.name.casefold() for t in topics} | {c.casefold() for c in chosen}
    concepts = [c for c in suggest_concepts(typed) if c.casefold() not in shown]
    names = [t.name for t in topics] + concepts
    exact = any(name.casefold() == typed.casefold() for name in names)
    return render(
        request,
        "topics/_suggestions.html",
        {
            "names": names,
            "typed": typed,
            # A new topic makes sense where topics are entered, not in the directory's filter.
            "offer_new": bool(typed) and not exact and "topic" not in request.GET,
            "listbox_id": _listbox_id(request.GET.get("listbox", "")),
        },
    )
