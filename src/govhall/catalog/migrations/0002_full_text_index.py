"""The full-text index over ItemSearchDocument, in the database's own engine.

SQLite: an FTS5 table with external content, kept in step by triggers, ranked with bm25().
PostgreSQL: a stored generated tsvector column (title A, keywords B, pinyin C, body D; 'simple' config because the
tokens are already segmented by rjieba) with a GIN index, ranked with ts_rank().
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalog_item_fts USING fts5(
        title, keywords, pinyin, body,
        content='catalog_itemsearchdocument', content_rowid='item_id', tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER catalog_item_fts_insert AFTER INSERT ON catalog_itemsearchdocument BEGIN
        INSERT INTO catalog_item_fts(rowid, title, keywords, pinyin, body)
        VALUES (new.item_id, new.title, new.keywords, new.pinyin, new.body);
    END""",
    """CREATE TRIGGER catalog_item_fts_delete AFTER DELETE ON catalog_itemsearchdocument BEGIN
        INSERT INTO catalog_item_fts(catalog_item_fts, rowid, title, keywords, pinyin, body)
        VALUES ('delete', old.item_id, old.title, old.keywords, old.pinyin, old.body);
    END""",
    """CREATE TRIGGER catalog_item_fts_update AFTER UPDATE ON catalog_itemsearchdocument BEGIN
        INSERT INTO catalog_item_fts(catalog_item_fts, rowid, title, keywords, pinyin, body)
        VALUES ('delete', old.item_id, old.title, old.keywords, old.pinyin, old.body);
        INSERT INTO catalog_item_fts(rowid, title, keywords, pinyin, body)
        VALUES (new.item_id, new.title, new.keywords, new.pinyin, new.body);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_item_fts_update",
    "DROP TRIGGER IF EXISTS catalog_item_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_item_fts_insert",
    "DROP TABLE IF EXISTS catalog_item_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE catalog_itemsearchdocument ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(keywords, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(pinyin, '')), 'C') ||
        setweight(to_tsvector('simple', coalesce(body, '')), 'D')
    ) STORED""",
    "CREATE INDEX catalog_itemsearch_document_gin ON catalog_itemsearchdocument USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_itemsearch_document_gin",
    "ALTER TABLE catalog_itemsearchdocument DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
