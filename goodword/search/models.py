from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """Everything a member can be found by: profile facts, topics and the texts of the
    recommendations they received and accepted. Rebuilt by `refresh_search_document`.

    The full-text index lives beside this table and depends on the database: an FTS5 virtual
    table `search_fts` on SQLite, generated `tsvector` columns, one per field, with GIN
    indexes on PostgreSQL (see migration 0004)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    name = models.CharField(max_length=120)
    facts = models.TextField(blank=True)  # profession, city, topics (own and from recommendations)
    # What the full-text index holds, as space-separated tokens made by `search.text` (the same
    # on both databases): word stems, and "0c<id>" for each vocabulary concept named.
    name_terms = models.TextField(blank=True)
    profession_terms = models.TextField(blank=True)
    topic_terms = models.TextField(blank=True)  # topics and city
    parts = models.TextField(blank=True)  # compound parts of profession and topics
    body_terms = models.TextField(blank=True)  # accepted received recommendation texts
    city_key = models.CharField(max_length=100, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return self.name
