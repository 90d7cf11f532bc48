"""Free-text search of the audit log that uses an index at a million events (issue 10).

SQLite: an FTS5 table with the trigram tokenizer over object_repr and comment, kept current by
triggers (migration common 0009). PostgreSQL: pg_trgm GIN indexes on the same expressions Django's
`icontains` compiles to, so the ORM lookup itself is served by the index. Trigrams need three
characters: shorter text cannot use either index, so the form asks for at least MIN_LENGTH."""

# The SQL below is built from this module's constants only; user text goes in as a parameter.
# ruff: noqa: S608

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

MIN_LENGTH = 3
FTS_TABLE = "common_auditevent_fts"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(object_repr, comment, "
    "content='common_auditevent', content_rowid='id', tokenize='trigram')",
    # The log is append-only, but a tampering test (or a DBA) may change or delete rows: the
    # index follows every write so that a search never misses a row it should show.
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON common_auditevent BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, object_repr, comment) "
    "VALUES (new.id, new.object_repr, new.comment); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON common_auditevent BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, object_repr, comment) "
    "VALUES ('delete', old.id, old.object_repr, old.comment); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON common_auditevent BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, object_repr, comment) "
    "VALUES ('delete', old.id, old.object_repr, old.comment); "
    f"INSERT INTO {FTS_TABLE}(rowid, object_repr, comment) "
    "VALUES (new.id, new.object_repr, new.comment); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS audit_object_repr_trgm ON common_auditevent "
    "USING gin ((UPPER(object_repr::text)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS audit_comment_trgm ON common_auditevent "
    "USING gin ((UPPER(comment::text)) gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS audit_object_repr_trgm",
    "DROP INDEX IF EXISTS audit_comment_trgm",
]


def create(schema_editor) -> None:
    for sql in _statements(schema_editor.connection, SQLITE_CREATE, POSTGRES_CREATE):
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    for sql in _statements(schema_editor.connection, SQLITE_DROP, POSTGRES_DROP):
        schema_editor.execute(sql)


def _statements(conn, sqlite: list[str], postgres: list[str]) -> list[str]:
    if conn.vendor == "sqlite":
        return sqlite if _sqlite_has_trigram(conn) else []
    return postgres if conn.vendor == "postgresql" else []


def _sqlite_has_trigram(conn) -> bool:
    # The trigram tokenizer arrived in SQLite 3.34; older builds search by scanning, as before.
    import sqlite3

    return sqlite3.sqlite_version_info >= (3, 34, 0)


def fts_ready() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
        )
        return cursor.fetchone() is not None


def matching(qs: QuerySet, text: str) -> QuerySet:
    """Events whose object or comment contains `text`, case-insensitively."""
    exact = Q(object_repr__icontains=text) | Q(comment__icontains=text)
    if connection.vendor == "sqlite" and len(text) >= MIN_LENGTH and fts_ready():
        # The index narrows the rows; the icontains filter keeps Django's meaning of a match.
        phrase = '"' + text.replace('"', '""') + '"'
        rows = RawSQL(  # noqa: S611
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase]
        )
        return qs.filter(Q(pk__in=rows) & exact)
    return qs.filter(exact)
