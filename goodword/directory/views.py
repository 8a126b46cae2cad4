from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from goodword.core.htmx import render_page

from .forms import DirectoryFilterForm
from .queries import PAGE_SIZE, search_members


@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    """The member directory; htmx requests get only the results partial."""
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(search_members(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "querystring": query.urlencode(),
    }
    return render_page(request, "directory/list.html", "directory/_results.html", context)
