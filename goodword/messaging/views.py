"""Thin views: parse, access, call the service, render. htmx requests get the `_thread` partial."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from goodword.core.forms import add_service_errors
from goodword.core.htmx import render_page
from goodword.core.members import access_member

from . import queries, rules, services
from .forms import MessageForm, ReportForm
from .models import Intent


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    conversations = list(queries.get_conversations(request.user))
    for conversation in conversations:
        conversation.others = [
            p.user for p in conversation.participants.all() if p.user_id != request.user.pk
        ]
    return render(request, "messaging/inbox.html", {"conversations": conversations})


@login_required
def compose(request: HttpRequest, member_id: int) -> HttpResponse:
    """Write the first message to a member. The rules are checked before the form is shown,
    and again (authoritatively) by the service when it is sent."""
    recipient = access_member(request.user, member_id)
    decision = rules.can_contact(request.user, recipient, Intent.QUESTION)
    # A link may preselect the intent, e.g. "thanks" from a meeting's "who helped you?"; an
    # app may allow that intent alone (`hooks.CONTACT_GROUND`), and then only it is offered.
    wanted = request.POST.get("intent") if request.method == "POST" else request.GET.get("intent")
    only = None
    if not decision.allowed and wanted in Intent.values and wanted != Intent.OFFER:
        narrow = rules.can_contact(request.user, recipient, wanted)
        if narrow.allowed:
            decision, only = narrow, wanted
    offer_decision = rules.can_contact(request.user, recipient, Intent.OFFER)
    status = 200
    refusal = None if decision.allowed else decision
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                conversation = services.start_conversation(
                    request.user,
                    recipient,
                    form.cleaned_data["intent"],
                    form.cleaned_data["text"],
                )
            except services.ContactRefused as exc:
                refusal = exc.decision
                status = exc.status_code
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Your message was sent."))
                return redirect("messaging:conversation", conversation.pk)
        else:
            status = 400
    else:
        form = MessageForm(
            initial={"intent": wanted if wanted in Intent.values else Intent.QUESTION}
        )
    context = {
        "recipient": recipient,
        "form": form,
        "refusal": refusal,
        "can_write": decision.allowed,
        "offer_refusal": None if offer_decision.allowed or only else offer_decision,
        "intents": [c for c in Intent.choices if only is None or c[0] == only],
        "ground": decision.explanation if only else "",
    }
    return render(request, "messaging/compose.html", context, status=status)


def _thread_context(request, conversation, form=None, refusal=None) -> dict:
    participants = queries.get_participants(conversation)
    others = [p for p in participants if p.pk != request.user.pk]
    return {
        "conversation": conversation,
        "participants": participants,
        "others": others,
        "thread_messages": queries.get_messages(conversation),
        "form": form or MessageForm(initial={"intent": Intent.QUESTION}),
        "refusal": refusal,
        "intents": Intent.choices,
    }


@login_required
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = queries.access_conversation(request.user, conversation_id)
    services.mark_conversation_read(conversation, request.user)
    context = _thread_context(request, conversation)
    return render_page(request, "messaging/conversation.html", "messaging/_thread.html", context)


@login_required
@require_POST
def reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = queries.access_conversation(request.user, conversation_id)
    form = MessageForm(request.POST)
    refusal = None
    status = 400
    if form.is_valid():
        try:
            services.send_message(
                conversation, request.user, form.cleaned_data["intent"], form.cleaned_data["text"]
            )
        except services.ContactRefused as exc:
            refusal = exc.decision
            status = exc.status_code
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return render(
                    request, "messaging/_thread.html", _thread_context(request, conversation)
                )
            return redirect("messaging:conversation", conversation.pk)
    context = _thread_context(request, conversation, form=form, refusal=refusal)
    if request.htmx:
        # htmx swaps only successful responses; the partial carries the error itself.
        return render(request, "messaging/_thread.html", context)
    return render(request, "messaging/conversation.html", context, status=status)


@login_required
@require_POST
def block(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    try:
        services.block_member(request.user, member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("messaging:settings")
    messages.success(
        request,
        _("You blocked %(name)s. They can no longer write to you and are told so.")
        % {"name": member},
    )
    return redirect("messaging:settings")


@login_required
@require_POST
def unblock(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    services.unblock_member(request.user, member)
    messages.success(request, _("You have unblocked %(name)s.") % {"name": member})
    return redirect("messaging:settings")


@login_required
def report(request: HttpRequest, conversation_id: int, member_id: int) -> HttpResponse:
    """Report a member of one of the viewer's conversations as spam or abuse."""
    conversation = queries.access_conversation(request.user, conversation_id)
    member = access_member(request.user, member_id)
    if member.pk == request.user.pk or not conversation.participants.filter(user=member).exists():
        raise Http404("No such member in this conversation.")
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_member(
                    request.user,
                    member,
                    form.cleaned_data["reason"],
                    form.cleaned_data["note"],
                    conversation=conversation,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                messages.success(request, services.describe_report_outcome(member))
                return redirect("messaging:inbox")
        else:
            status = 400
    else:
        form = ReportForm()
    return render(
        request,
        "messaging/report.html",
        {"form": form, "member": member, "conversation": conversation},
        status=status,
    )


@login_required
def contact_settings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/settings.html",
        {
            "blocks": queries.get_blocked_members(request.user),
            "welcomes": queries.get_offer_welcomes(request.user),
        },
    )


@login_required
@require_POST
def welcome_offers(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    try:
        services.welcome_offers(request.user, member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s may now send you offers.") % {"name": member})
    return redirect("messaging:settings")


@login_required
@require_POST
def stop_offers(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    services.stop_welcoming_offers(request.user, member)
    messages.success(request, _("%(name)s can no longer send you offers.") % {"name": member})
    return redirect("messaging:settings")
