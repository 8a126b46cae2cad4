from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from goodword.core.htmx import render_page, wants_fragment

from .forms import SearchForm
from .queries import search_members


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """ "Wen suchst du?": the full page, or only the results for htmx requests."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search_members(
            request.user,
            data["q"],
            topic=data["topic"],
            city=data["city"],
            limit=data["limit"] or 20,
        )
    context = {
        "form": form,
        "results": results,
        "connected": [r for r in results or () if r.connected],
        "others": [r for r in results or () if not r.connected],
        "q": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
    }
    context["partial"] = wants_fragment(request)
    return render_page(request, "search/search.html", "search/_results.html", context)
