from django.contrib import admin

from .models import Concept, Topic
from .vocabulary import forget_vocabulary


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "concept", "created_at"]
    list_filter = [("concept", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
    autocomplete_fields = ["concept"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_vocabulary()


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    """The search vocabulary. Changes reach search in this process at once and in the others
    within a minute; profiles are re-indexed with `manage.py rebuild_search_index`."""

    list_display = ["name", "name_en", "kind", "broader"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "expressions"]
    autocomplete_fields = ["broader"]
    filter_horizontal = ["related"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_vocabulary()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_vocabulary()
