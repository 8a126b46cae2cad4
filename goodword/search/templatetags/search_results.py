"""`{% search_result r %}`: one result row, rendered once per process for everything that
looks the same (`core.fragments`). A row is a function of its `SearchResult` (every field is
in the key, through its `repr`) and of whether the viewer is signed in; a row of a member not
connected to the viewer is the same for every signed-in viewer."""

from django import template

from goodword.core.fragments import KeptFragments

register = template.Library()

RESULTS_KEPT = 1_000

_rows = KeptFragments("search/_result.html", RESULTS_KEPT)


@register.simple_tag(takes_context=True)
def search_result(context, result):
    user = context.get("user")
    authenticated = bool(getattr(user, "is_authenticated", False))
    return _rows.render((result, authenticated), {"r": result, "authenticated": authenticated})
