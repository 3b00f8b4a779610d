"""Multi-row writes of an import, below the ORM.

bulk_create/bulk_update spend more per value than the rest of a row's work, so the import
writes with plain SQL:

* SQLite: multi-row INSERTs of up to 1 000 rows (see _rows_per_statement), `executemany` of a
  one-row UPDATE (the statement is compiled once, in process).
* PostgreSQL (psycopg 3): one statement per chunk that reads the rows from arrays —
  `INSERT … SELECT * FROM unnest(%s::type[], …) RETURNING …` and `UPDATE … FROM unnest(…)` —
  with server-side parameters in binary (`%b`). Django's own cursors bind client-side: every row
  would be sent as a literal-laden statement that the server parses and plans again, and
  psycopg would quote every value in Python. Here the server parses one short statement per
  chunk, and psycopg dumps the arrays in binary (nine times less work than as text).
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

# Field types whose Python values the database drivers take as they are.
_PLAIN_TYPES = frozenset({
    "CharField", "TextField", "EmailField", "SlugField", "BooleanField", "ForeignKey",
    "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
    "PositiveBigIntegerField", "PositiveSmallIntegerField",
})  # fmt: skip


def model_field(model: type[Model], name: str) -> "Field[Any, Any]":
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


def _converter(field: "Field[Any, Any]") -> Callable[[Any], Any] | None:
    """How a Python value becomes a query parameter (None: the driver takes it as is)."""
    kind = field.get_internal_type()
    if kind in _PLAIN_TYPES:
        return None
    if kind == "DateField":
        return connection.ops.adapt_datefield_value

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return _memoized(convert) if kind == "DateTimeField" else convert


def _converters(model: type[Model], columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position, converter) for the columns whose values need converting."""
    converters = []
    for position, name in enumerate(columns):
        converter = _converter(model_field(model, name))
        if converter is not None:
            converters.append((position, converter))
    return converters


def _params(rows: Iterable[Sequence[Any]], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[list[Any]]:
    params = []
    for row in rows:
        values = list(row)
        for position, convert in converters:
            values[position] = convert(values[position])
        params.append(values)
    return params


def _memoized(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Convert a value once when the same object comes again (the import's timestamp)."""
    last: list[Any] = [object(), None]

    def wrapper(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return wrapper


# --- PostgreSQL: arrays and server-side parameters ----------------------------------------------


def arrays_supported() -> bool:
    """True on PostgreSQL through psycopg 3 (the project's driver)."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def bulk_cursor() -> Any:
    """A Django cursor on the ORM's connection (and transaction) that passes through execute
    wrappers but stays out of DEBUG's query log: the log would keep every multi-row statement
    with all its values as text (hundreds of MB for a large file), and on SQLite it even runs
    extra queries to quote them. On PostgreSQL the cursor binds parameters on the server."""
    connection.ensure_connection()
    if arrays_supported():
        from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

        return connection.make_cursor(ServerBindingCursor(connection.connection))
    return connection.make_cursor(connection.create_cursor())


def _array_types(model: type[Model], columns: Sequence[str]) -> list[str]:
    return [f"{model_field(model, name).db_type(connection)}[]" for name in columns]


def _columns_of(params: list[list[Any]], width: int) -> list[list[Any]]:
    return [[row[i] for row in params] for i in range(width)]


def _unnest(types: Sequence[str]) -> str:
    return "unnest(" + ", ".join(f"%b::{t}" for t in types) + ")"


# --- public -------------------------------------------------------------------------------------


def insert_many(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *, returning: Sequence[str] = ()
) -> list[tuple[Any, ...]]:
    """INSERT the rows; on PostgreSQL return the `returning` columns of the inserted rows."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model_field(model, name).column) for name in columns)
    params = _params(rows, _converters(model, columns))
    if not params:
        return []
    if arrays_supported():
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM {_unnest(_array_types(model, columns))}"
        if returning:
            sql += " RETURNING " + ", ".join(quote(model_field(model, name).column) for name in returning)
        with bulk_cursor() as cursor:
            cursor.execute(sql, _columns_of(params, len(columns)))
            return cursor.fetchall() if returning else []
    if returning:
        raise NotImplementedError("RETURNING rows of a multi-row insert: PostgreSQL only")
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = _rows_per_statement(len(columns))
    with bulk_cursor() as cursor:
        for start in range(0, len(params), size):
            batch = params[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(batch))}",
                [value for values in batch for value in values],
            )
    return []


def _rows_per_statement(width: int) -> int:
    """Rows of a multi-row INSERT on SQLite, within its limit of parameters per statement.

    Not executemany: SQLite opens a statement savepoint for each statement in a transaction,
    and at each one the FTS5 search index (search_index.py, filled by a trigger) writes out what
    it holds in memory — row by row, that costs several times the rest of the import.
    """
    import sqlite3

    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(1000, limit // width))


def update_many(model: type[Model], columns: Sequence[str], objs: Sequence[Model]) -> None:
    """UPDATE these columns of these objects, one statement for all of them."""
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    attnames = [model_field(model, name).attname for name in columns]
    rows = ([*(getattr(obj, attname) for attname in attnames), obj.pk] for obj in objs)
    params = _params(rows, _converters(model, columns))
    if not params:
        return
    pk = quote(meta.pk.column)
    if arrays_supported():
        targets = [quote(model_field(model, name).column) for name in columns]
        aliases = [f"c{i}" for i in range(len(columns))]
        types = [*_array_types(model, columns), f"{meta.pk.db_type(connection)}[]"]
        assignments = ", ".join(f"{target} = v.{alias}" for target, alias in zip(targets, aliases, strict=True))
        sql = (
            f"UPDATE {table} SET {assignments} FROM {_unnest(types)} AS v({', '.join(aliases)}, pk) "
            f"WHERE {table}.{pk} = v.pk"
        )
        with bulk_cursor() as cursor:
            cursor.execute(sql, _columns_of(params, len(columns) + 1))
        return
    assignments = ", ".join(f"{quote(model_field(model, name).column)} = %s" for name in columns)
    with bulk_cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", params)
