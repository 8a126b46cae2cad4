"""The moderation queue: reports of spam and abuse, resolved through the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Block, Report, ReportStatus


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
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
        for report in queryset.filter(status=ReportStatus.OPEN):
            services.resolve_report(report, request.user, upheld=upheld)
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
