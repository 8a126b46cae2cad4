"""The moderator role (grant and revoke here or with `manage.py moderator`) and the audit log,
read-only: decisions are taken in the product (`/moderation/`) through the one service."""

from django.contrib import admin

from . import services
from .models import Appeal, ModerationAction, Moderator


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    list_display = ("user", "granted_by", "granted_at")
    autocomplete_fields = ("user",)
    readonly_fields = ("granted_by", "granted_at")
    search_fields = ("user__email", "user__profile__display_name")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            services.grant_moderator(obj.user, granted_by=request.user)

    def delete_model(self, request, obj) -> None:
        services.revoke_moderator(obj.user)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "ground", "member", "moderator", "source", "lifted_at")
    list_filter = ("action", "ground", "source")
    search_fields = ("reason", "member__email")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "member", "assigned_to", "decided_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
