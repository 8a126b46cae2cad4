from django.contrib import admin

from .models import Meeting, OneToOne


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Read-only, for support questions."""

    list_display = ("starts_at", "title", "circle", "group", "status")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Meeting._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OneToOne)
class OneToOneAdmin(admin.ModelAdmin):
    """Read-only; the note is between the two, so it is not listed."""

    list_display = ("created_at", "proposer", "invitee", "status")
    list_filter = ("status",)
    readonly_fields = [f.name for f in OneToOne._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
