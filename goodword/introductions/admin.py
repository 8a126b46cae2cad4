from django.contrib import admin

from .models import Introduction


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    """Read-only: for support questions. Notes are shown; they are not private to the pair."""

    list_display = ("created_at", "introducer", "member_a", "member_b", "status")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Introduction._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
