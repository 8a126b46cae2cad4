from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import SENTENCE_KINDS
from .queries import get_notifications
from .services import mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = list(get_notifications(request.user))
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": notifications,
            "has_unread": any(n.read_at is None for n in notifications),
            "sentence_kinds": {str(kind) for kind in SENTENCE_KINDS},
        },
    )


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    mark_read(request.user)
    if request.htmx:
        return notification_list(request)
    return redirect("notifications:list")
