"""Thin views: parse, access, call the service or query, render (full page or htmx partial)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goodword.core.htmx import render_page, wants_fragment
from goodword.core.members import access_member

from . import pictures, queries, services
from .forms import NetworkFilterForm, TrustMarkForm

PAGE_SIZE = 25


@login_required
@require_GET
def network(request: HttpRequest) -> HttpResponse:
    """ "Your network": members ranked by the viewer's trust, filterable."""
    form = NetworkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = queries.get_network_candidates(
        request.user,
        topic=filters.get("topic"),
        profession=filters.get("profession", ""),
        city=filters.get("city", ""),
    )
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = queries.get_network_entries(request.user, list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "entries": [(e, queries.path_line(e.path)) for e in entries],
        "filtered": any(filters.values()),
        "query": query.urlencode(),
    }
    return render_page(request, "trust/network.html", "trust/_network_results.html", context)


def _connection_context(request: HttpRequest, member, form=None, notice="") -> dict:
    paths = queries.get_connection_paths(request.user, member.pk)
    mark = queries.get_own_mark(request.user, member)
    if form is None:
        form = TrustMarkForm(initial={"level": mark.level} if mark else None)
    closeness, recommended_you = queries.describe_connection(request.user, member.pk)
    return {
        "member": member,
        "member_name": str(member),
        "is_self": member.pk == request.user.pk,
        "paths": paths,
        "picture": pictures.layout(paths),
        "closeness": closeness,
        "recommended_you": recommended_you,
        "mark": mark,
        "mark_form": form,
        "notice": notice,
    }


def _render_connection(request, member, *, form=None, status=200, notice="") -> HttpResponse:
    context = _connection_context(request, member, form, notice)
    return render_page(
        request, "trust/connection.html", "trust/_connection.html", context, status=status
    )


@require_GET
def connection(request: HttpRequest, user_id: int) -> HttpResponse:
    """ "How you are connected" for one member: htmx partial or full page."""
    if not request.user.is_authenticated:
        if wants_fragment(request):
            return render(request, "trust/_connection_anonymous.html", {"user_id": user_id})
        return redirect_to_login(request.get_full_path())
    member = access_member(request.user, user_id)
    return _render_connection(request, member)


@login_required
@require_POST
def set_mark(request: HttpRequest, user_id: int) -> HttpResponse:
    member = access_member(request.user, user_id)
    form = TrustMarkForm(request.POST)
    if form.is_valid():
        try:
            services.set_trust_mark(request.user, member, form.cleaned_data["level"])
        except ValidationError as error:
            form.add_error("level", error)
    if not form.is_valid():
        # htmx swaps only 2xx answers by default; the form shows its errors either way.
        return _render_connection(request, member, form=form, status=200 if request.htmx else 400)
    notice = _("Your private trust mark is saved. Only you can see it.")
    if request.htmx:
        return _render_connection(request, member, notice=notice)
    messages.success(request, notice)
    return redirect("trust:connection", user_id=member.pk)


@login_required
@require_POST
def clear_mark(request: HttpRequest, user_id: int) -> HttpResponse:
    member = access_member(request.user, user_id)
    services.clear_trust_mark(request.user, member)
    notice = _("Your private trust mark is removed.")
    if request.htmx:
        return _render_connection(request, member, notice=notice)
    messages.success(request, notice)
    return redirect("trust:connection", user_id=member.pk)
