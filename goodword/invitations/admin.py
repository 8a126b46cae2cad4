from django.contrib import admin

from .models import BranchSanction, Invitation, InvitationRightsLoss, JoinRequest


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Who invited whom and the state; addresses and notes are the two members' business."""

    list_display = ("created_at", "inviter", "invitee", "channel", "status")
    list_filter = ("status", "channel")
    fields = ("inviter", "invitee", "channel", "status", "created_at", "expires_at", "accepted_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ("created_at", "name", "status", "decided_by")
    list_filter = ("status",)
    readonly_fields = ("email", "name", "note", "status", "created_at", "decided_at", "decided_by")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(BranchSanction)
class BranchSanctionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "member", "inviter", "grand_inviter", "action", "ground")
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(InvitationRightsLoss)
class InvitationRightsLossAdmin(admin.ModelAdmin):
    """Deleting a row gives the member their invitation rights back."""

    list_display = ("created_at", "member", "sanctioned_members")
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False
