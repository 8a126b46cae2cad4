from django.contrib import admin

from .models import Ask


@admin.register(Ask)
class AskAdmin(admin.ModelAdmin):
    list_display = ("created_at", "title", "author", "visibility", "status")
    list_filter = ("status", "visibility")
    search_fields = ("title",)
    readonly_fields = ("author", "created_at", "closed_at")
