"""The moderation queue: reports of spam and abuse, resolved through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Block, Report, ReportStatus


class ReasonActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason (needed to dismiss)"),
        required=False,
        max_length=services.MAX_RESOLUTION_REASON_LENGTH,
    )


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    action_form = ReasonActionForm
    list_display = ("created_at", "reported", "reporter", "reason", "status", "resolved_by")
    list_filter = ("status", "reason")
    search_fields = ("reported__email", "reporter__email", "note")
    readonly_fields = (
        "reporter",
        "reported",
        "conversation",
        "reason",
        "note",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
        "resolution_reason",
    )
    actions = ("uphold", "dismiss")
    ordering = ("status", "-created_at")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Uphold: keep the member restricted"))
    def uphold(self, request, queryset):
        self._resolve(request, queryset, upheld=True)

    @admin.action(description=_("Dismiss: lift the restriction"))
    def dismiss(self, request, queryset):
        self._resolve(request, queryset, upheld=False)

    def _resolve(self, request, queryset, *, upheld: bool) -> None:
        count = 0
        reason = request.POST.get("reason", "")
        for report in queryset.filter(status=ReportStatus.OPEN):
            try:
                services.resolve_report(report, request.user, upheld=upheld, reason=reason)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d report resolved.", "%(n)d reports resolved.", count) % {"n": count},
            messages.SUCCESS,
        )


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    readonly_fields = ("blocker", "blocked", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
