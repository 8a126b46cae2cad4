from django.contrib import admin

from .models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("created_at", "title", "owner", "visibility", "status")
    list_filter = ("status", "visibility")
    search_fields = ("title",)
    readonly_fields = ("owner", "conversation", "created_at", "closed_at")
