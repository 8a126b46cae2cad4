"""Reports and blocks, read-only: moderators decide about reports in the product's moderation
queue (`/moderation/`), whose one service writes the audit log. The admin keeps a record view."""

from django.contrib import admin

from .models import Block, Report


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
        "resolution_reason",
    )
    ordering = ("status", "-created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    readonly_fields = ("blocker", "blocked", "created_at")

    def has_add_permission(self, request) -> bool:
        return False
