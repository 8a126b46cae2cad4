from django.contrib import admin

from .models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Read-only: operators look up reported recommendations here. Changes go through the
    services (the author withdraws, the subject hides), never through the admin."""

    list_display = ("id", "author", "subject", "status", "created_at", "accepted_at")
    list_filter = ("status", "relationship")
    search_fields = ("author__email", "subject__email", "author__profile__display_name", "text")
    list_select_related = ("author__profile", "subject__profile")
    raw_id_fields = ("author", "subject")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
