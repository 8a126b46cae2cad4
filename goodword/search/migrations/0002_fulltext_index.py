"""The full-text index beside `search_searchdocument`, different per database.

SQLite: an FTS5 virtual table holding the Snowball stems (German and English) that
`goodword.search.text` computes; rowid = user id. PostgreSQL: a generated `tsvector` column
(`german` and `english` stemming for texts, `simple` for names and compound parts) with a GIN
index. Weights tell the parts apart: A name, B facts, C recommendation texts, D compound parts
(queries match words as prefixes in A–C and compound parts exactly in D). Other databases get neither and search finds nothing.
"""

from django.db import migrations

from goodword.search.migrations._vendor import VendorRunSQL

SQLITE_FORWARD = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    name, facts, body, parts,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3'
)
"""
SQLITE_BACKWARD = "DROP TABLE IF EXISTS search_fts"

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(name, '')), 'A')
        || setweight(to_tsvector('german', coalesce(facts, '')), 'B')
        || setweight(to_tsvector('english', coalesce(facts, '')), 'B')
        || setweight(to_tsvector('german', coalesce(body, '')), 'C')
        || setweight(to_tsvector('english', coalesce(body, '')), 'C')
        || setweight(to_tsvector('simple', coalesce(parts, '')), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_gin ON search_searchdocument USING GIN (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
