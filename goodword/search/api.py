from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema

from goodword.api.auth import api_auth
from goodword.core.links import id_url

from .forms import SearchForm
from .queries import search_members

router = Router(tags=["search"], auth=api_auth)


class SearchResultOut(Schema):
    member_id: int
    display_name: str
    profession: str
    city: str
    url: str
    snippet: str  # plain text
    snippet_html: str  # escaped text, matched words in <mark>
    snippet_source: str  # "recommendation" or "profile"
    snippet_author: str
    recommendation_id: int | None
    connected: bool
    path: str
    closeness: str


class SearchOut(Schema):
    count: int
    results: list[SearchResultOut]


@router.get("", response=SearchOut, url_name="search")
def search(
    request: HttpRequest,
    q: str = Query("", description="What you are looking for (1–200 characters)."),
    topic: str = Query("", description="A topic slug, e.g. `steuerrecht`."),
    city: str = Query("", description="Only members in this city."),
    limit: str = Query("", description="1–50 results (default 20)."),
) -> dict:
    """Members matching `q` in recommendations, topics, professions and cities, ranked by the
    caller's trust: connected members first, then the others (`connected: false`)."""
    form = SearchForm(
        {"q": q, "topic": topic, "city": city, "limit": limit},
        require_q=True,
        topic_choices=False,
    )
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    data = form.cleaned_data
    results = search_members(
        request.auth, data["q"], topic=data["topic"], city=data["city"], limit=data["limit"] or 20
    )
    return {
        "count": len(results),
        "results": [
            {
                "member_id": r.member_id,
                "display_name": r.display_name,
                "profession": r.profession,
                "city": r.city,
                "url": id_url("accounts:profile", r.member_id),
                "snippet": r.snippet_text,
                "snippet_html": str(r.snippet),
                "snippet_source": r.snippet_source,
                "snippet_author": r.snippet_author,
                "recommendation_id": r.recommendation_id,
                "connected": r.connected,
                "path": r.path,
                "closeness": r.closeness,
            }
            for r in results
        ],
    }
