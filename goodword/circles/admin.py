from django.contrib import admin

from .models import Circle, CircleAction, Membership, Post


@admin.register(Circle)
class CircleAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "is_online", "access", "created_at")
    search_fields = ("name", "city")
    raw_id_fields = ("founder",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("circle", "member", "role", "joined_at")
    list_filter = ("role",)
    raw_id_fields = ("circle", "member", "admitted_by")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("circle", "author", "intent", "created_at", "removed_at")
    raw_id_fields = ("circle", "author", "removed_by")


@admin.register(CircleAction)
class CircleActionAdmin(admin.ModelAdmin):
    list_display = ("circle", "actor", "kind", "member", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("circle", "actor", "member", "post")
