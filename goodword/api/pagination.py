"""Pagination for API lists: django-ninja's page numbers, bounded so that no page number turns
into an OFFSET the database cannot hold (SQLite answers "datatype mismatch" beyond 64 bits)."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)
