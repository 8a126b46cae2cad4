"""Thin views for requests and answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_refusal, add_service_errors
from goodword.core.members import access_member, reach_refusal
from goodword.introductions.queries import get_trusted_contacts
from goodword.notifications.services import mark_read_for_page

from . import queries, services
from .forms import AnswerForm, AskForm
from .models import AnswerKind


@login_required
def ask_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "asks/list.html",
        {
            "asks": queries.get_visible_asks(request.user).exclude(author=request.user)[:100],
            "own_asks": queries.get_own_asks(request.user),
        },
    )


@login_required
def ask_new(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ask = services.post_ask(
                    request.user,
                    title=data["title"],
                    text=data["text"],
                    topic_names=form.topic_names(),
                    city=data["city"],
                    remote=data["remote"],
                    visibility=data["visibility"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Your request is posted."))
                return redirect("asks:detail", ask.pk)
        else:
            status = 400
    else:
        form = AskForm()
    return render(request, "asks/new.html", {"form": form}, status=status)


def _detail_context(request, ask, form=None) -> dict:
    is_author = ask.author_id == request.user.pk
    refusal = None if is_author else reach_refusal(request.user, ask.author)
    contacts = [] if is_author else get_trusted_contacts(request.user)
    may_offer = not is_author and services.may_offer(ask, request.user)
    return {
        "ask": ask,
        "is_author": is_author,
        "ranked": queries.get_ranked_answers(request.user, ask) if is_author else [],
        "own_answers": [] if is_author else queries.get_own_answers(request.user, ask),
        "form": form or AnswerForm(contacts=contacts),
        "may_offer": may_offer,
        "offer_refusal": None if (is_author or may_offer) else services.offer_refusal(ask),
        "unreachable": refusal or "",
    }


@login_required
def ask_detail(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask = queries.access_ask(request.user, ask_id)
    # The answers the notifications pointed to are on this page: they have been seen.
    mark_read_for_page(request.user, request.path)
    return render(request, "asks/detail.html", _detail_context(request, ask))


@login_required
@require_POST
def answer(request: HttpRequest, ask_id: int) -> HttpResponse:
    ask = queries.access_ask(request.user, ask_id)
    form = AnswerForm(request.POST, contacts=get_trusted_contacts(request.user))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == AnswerKind.OFFER:
                services.answer_with_offer(ask, request.user, data["text"])
            else:
                introduced = access_member(request.user, data["introduced"])
                services.answer_with_introduction(ask, request.user, introduced, data["text"])
        except (PermissionDenied, ValidationError) as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Thank you for helping. %(name)s will see your answer.") % {"name": ask.author},
            )
            return redirect("asks:detail", ask.pk)
    return render(request, "asks/detail.html", _detail_context(request, ask, form), status=status)


def _close(request, ask_id: int, *, resolved: bool) -> HttpResponse:
    ask = queries.access_ask(request.user, ask_id)
    try:
        services.close_ask(ask, request.user, resolved=resolved)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("asks:detail", ask.pk)
    messages.success(request, _("Your request is closed."))
    return redirect("asks:detail", ask.pk)


@login_required
@require_POST
def resolve(request: HttpRequest, ask_id: int) -> HttpResponse:
    return _close(request, ask_id, resolved=True)


@login_required
@require_POST
def withdraw(request: HttpRequest, ask_id: int) -> HttpResponse:
    return _close(request, ask_id, resolved=False)


@login_required
@require_POST
def accept_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = queries.access_answer_for_asker(request.user, answer_id)
    try:
        answer = services.accept_answer(answer, request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("asks:detail", answer.ask_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("asks:detail", answer.ask_id)
    if answer.introduction_id:
        messages.success(
            request,
            _(
                "Accepted. %(name)s is asked to agree; your conversation opens as soon as "
                "they accept."
            )
            % {"name": answer.introduced},
        )
        return redirect("introductions:detail", answer.introduction_id)
    messages.success(request, _("Accepted. Your conversation is open."))
    return redirect("messaging:conversation", answer.conversation_id)


@login_required
@require_POST
def decline_answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = queries.access_answer_for_asker(request.user, answer_id)
    try:
        services.decline_answer(answer, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("asks:detail", answer.ask_id)
