"""One tokenisation for both databases, with vocabulary concepts and fields told apart.

The document now stores the tokens `goodword.search.text` makes (stems, compound parts and
"0c<id>" concept tokens) per field. SQLite: the FTS5 table gets one column per field. PostgreSQL:
one `simple` vector per field (profession, topics and city, compound parts, name; one GIN index
over the four) and `body_vector` (recommendation texts, its own GIN index); the `german` vectors
of migration 0003 are dropped. Fields are separate vectors rather than weights in one vector:
a weight-restricted query (`'word':A`) makes PostgreSQL recheck every row the index finds (at
100,000 members a field with no match read 7,000 table pages), an unweighted one does not.
The documents are empty after this migration: run `manage.py rebuild_search_index`.
"""

from django.db import migrations, models

from goodword.search.migrations._vendor import VendorRunSQL

SQLITE_FORWARD = [
    "DROP TABLE IF EXISTS search_fts",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        name, profession, topics, parts, body,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '3'
    )
    """,
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS search_fts",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        name, facts, body, parts,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '3'
    )
    """,
]

POSTGRES_DROP_OLD = [
    "DROP INDEX IF EXISTS search_parts_gin",
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS parts_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS document",
]
KEY_FIELDS = [
    ("profession_vector", "profession_terms"),
    ("topics_vector", "topic_terms"),
    ("parts_vector", "parts"),
    ("name_vector", "name_terms"),
]
POSTGRES_FORWARD = [
    *(
        f"ALTER TABLE search_searchdocument ADD COLUMN {vector} tsvector"
        f" GENERATED ALWAYS AS (to_tsvector('simple', {column})) STORED"
        for vector, column in KEY_FIELDS
    ),
    """
    ALTER TABLE search_searchdocument ADD COLUMN body_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', body_terms)
    ) STORED
    """,
    "CREATE INDEX search_key_gin ON search_searchdocument USING GIN ("
    + ", ".join(vector for vector, _column in KEY_FIELDS)
    + ")",
    "CREATE INDEX search_body_gin ON search_searchdocument USING GIN (body_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_body_gin",
    "DROP INDEX IF EXISTS search_key_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS body_vector",
    *(
        f"ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS {vector}"
        for vector, _column in KEY_FIELDS
    ),
]
POSTGRES_RESTORE_OLD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('german', coalesce(name, '')), 'A')
        || setweight(to_tsvector('german', coalesce(facts, '')), 'B')
        || setweight(to_tsvector('german', coalesce(body, '')), 'C')
    ) STORED
    """,
    """
    ALTER TABLE search_searchdocument ADD COLUMN parts_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', coalesce(parts, ''))
    ) STORED
    """,
    "CREATE INDEX search_document_gin ON search_searchdocument USING GIN (document)",
    "CREATE INDEX search_parts_gin ON search_searchdocument USING GIN (parts_vector)",
]


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_leaner_postgres_index"),
    ]

    operations = [
        VendorRunSQL("postgresql", POSTGRES_DROP_OLD, POSTGRES_RESTORE_OLD),
        migrations.RunSQL("DELETE FROM search_searchdocument", migrations.RunSQL.noop),
        migrations.RemoveField(model_name="searchdocument", name="body"),
        migrations.AddField(
            model_name="searchdocument", name="name_terms", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="profession_terms",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="searchdocument", name="topic_terms", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="searchdocument", name="body_terms", field=models.TextField(blank=True)
        ),
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRES_FORWARD, POSTGRES_BACKWARD),
    ]
