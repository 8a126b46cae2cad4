"""The full-text index beside `search_searchdocument`, different per database.

SQLite: an FTS5 virtual table holding the Snowball stems (German and English) that
`goodword.search.text` computes; rowid = user id. PostgreSQL: a generated `tsvector` column
(`german` and `english` stemming for texts, `simple` for names and compound parts) with a GIN
index. Weights tell the parts apart: A name, B facts, C recommendation texts, D compound parts
(queries match words as prefixes in A–C and compound parts exactly in D). Other databases get neither and search finds nothing.
"""

from django.db import migrations

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


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
