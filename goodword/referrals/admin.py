from django.contrib import admin

from .models import Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Status only: contact details and amounts are private to the two members."""

    list_display = ("created_at", "giver", "receiver", "status")
    list_filter = ("status",)
    fields = ("giver", "receiver", "status", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False
