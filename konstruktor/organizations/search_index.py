"""SQLite's index for the registry's name search: an FTS5 table with the trigram tokenizer.

The search asks for every query token at a word start of `Organization.search_text`
(`search_text LIKE '% token%'`). Without an index SQLite reads every row for that; PostgreSQL
has a pg_trgm GIN index (migration 0003). On SQLite an external-content FTS5 table over
`search_text`, kept in step by triggers, finds the candidate rows: those holding every trigram
of every " token" — all the rows the LIKE conditions match, and maybe a few more. The LIKE
conditions stay in the query and decide; the index only narrows. A token of one letter (" x"
is shorter than a trigram) is left to the LIKE. `detail=none` (no positions: the trigrams need
not be adjacent, hence "maybe more") keeps the index a third of the size and cheaper to write
and to query.

Django rebuilds an SQLite table to alter it (a new table, copied, renamed), which drops its
triggers: `search_index_ensure` (run after every `migrate`) puts them back and rebuilds the index.
"""

from functools import lru_cache
from typing import Any

TABLE = "organizations_organization"
INDEX = "organizations_organization_search"
TRIGGERS = {
    f"{INDEX}_insert": (
        f"AFTER INSERT ON {TABLE} BEGIN INSERT INTO {INDEX}(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
    f"{INDEX}_delete": (
        f"AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {INDEX}({INDEX}, rowid, search_text) VALUES ('delete', old.id, old.search_text); END"
    ),
    f"{INDEX}_update": (
        f"AFTER UPDATE OF id, search_text ON {TABLE} "
        "WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN "
        f"INSERT INTO {INDEX}({INDEX}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {INDEX}(rowid, search_text) VALUES (new.id, new.search_text); END"
    ),
}
# FTS5 and its trigram tokenizer: SQLite 3.34.
MIN_SQLITE = (3, 34, 0)


def search_index_supported(connection: Any) -> bool:
    """SQLite with FTS5 and its trigram tokenizer (3.34) and JSON functions (for the candidates)."""
    if connection.vendor != "sqlite":
        return False
    return _sqlite_has_fts5_trigram() and bool(connection.features.supports_json_field)


@lru_cache(maxsize=1)
def _sqlite_has_fts5_trigram() -> bool:
    import sqlite3

    if sqlite3.sqlite_version_info < MIN_SQLITE:
        return False
    probe = sqlite3.connect(":memory:")
    try:
        return bool(probe.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0])
    finally:
        probe.close()


def _exists(cursor: Any, kind: str, name: str) -> bool:
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = %s AND name = %s", [kind, name])
    return cursor.fetchone() is not None


def _create_triggers(cursor: Any) -> None:
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def _rebuild(cursor: Any) -> None:
    cursor.execute(f"INSERT INTO {INDEX}({INDEX}) VALUES ('rebuild')")


def search_index_create(connection: Any) -> None:
    """Create and fill the index with its triggers (SQLite ≥ 3.34; elsewhere nothing)."""
    if not search_index_supported(connection):
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX} USING fts5("
            f"search_text, content='{TABLE}', content_rowid='id', tokenize='trigram', detail='none', columnsize=0)"
        )
        _create_triggers(cursor)
        _rebuild(cursor)


def search_index_drop(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {INDEX}")


def search_index_ensure(connection: Any) -> bool:
    """Put back triggers that a table rebuild dropped, and rebuild the index then.

    Does nothing where the index does not exist (PostgreSQL, or the migration not applied or
    reversed). True when it had to repair.
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        if not _exists(cursor, "table", INDEX):
            return False
        if all(_exists(cursor, "trigger", name) for name in TRIGGERS):
            return False
        _create_triggers(cursor)
        _rebuild(cursor)
    return True


def search_index_match(tokens: list[str]) -> str:
    """The FTS5 query for these search tokens: every trigram of every " token" ("" when no token
    is long enough to have one)."""
    trigrams: dict[str, None] = {}
    for token in tokens:
        text = " " + token
        for start in range(len(text) - 2):
            trigrams.setdefault(text[start : start + 3], None)
    return " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)
