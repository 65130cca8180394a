"""How a batch of readings reaches each database, with its one-minute rollups.

On PostgreSQL the batch is first loaded into a session-private staging table
(``COPY``); on SQLite it is inserted directly. Set-based statements then keep the
rows that are new and fold exactly those rows into ``reading_rollups``, in the
caller's transaction. A row is not new when a stored row has the same member,
resource, signal, time and value (a redelivery); samples that share a
millisecond but differ in value or key are all new.

- PostgreSQL: one statement, ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` in a
  CTE feeding the rollup upsert (and the count of new rows), so only rows really inserted are counted, even
  with concurrent writers. Rows and rollups are written in key order, so two
  writers with overlapping batches wait for each other instead of deadlocking.
- SQLite: multi-row ``INSERT ... VALUES (..), (..) ON CONFLICT DO NOTHING`` statements
  straight into ``readings`` (no staging table), then the rollup upsert folds the rows
  whose rowid is above the largest one before the insert: exactly the rows this batch
  added, since SQLite gives a new row the largest rowid plus one and has one writer (every
  write is ``BEGIN IMMEDIATE``). Each row's key is looked up once, by the insert itself.
  Many rows per statement rather than one ``executemany``: the driver gives the
  interpreter lock away around every statement step, and with ``executemany`` that is
  once per row, so in a process whose other threads decode and detect, the writer waited
  for the lock back once per row (a 2,000-row batch then took hundreds of milliseconds).
  Statements hold ``VALUES_ROWS`` rows and the rest goes in power-of-two sized ones, so a
  handful of statement texts are compiled once and cached by the driver.

Rollups are counts, sums, minima and maxima, so the order in which readings or
batches arrive does not change them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

from onefactory.model import InvalidData, StoreUnavailable

STAGE = "reading_batch"
COLUMNS = "member, resource, signal, ts_us, value, site"
MINUTE_US = 60_000_000
MINUTE = f"(ts_us - (((ts_us % {MINUTE_US}) + {MINUTE_US}) % {MINUTE_US}))"
ROLLUP_COLUMNS = "member, resource, signal, minute_us, samples, min_value, max_value, sum_value, first_us, last_us"
AGGREGATES = f"member, resource, signal, {MINUTE}, count(*), min(value), max(value), sum(value), min(ts_us), max(ts_us)"
KEY = "member, resource, signal, minute_us"
ORDER = "member, resource, signal, ts_us, value"  # one lock order for all writers: no deadlocks
VALUES_ROWS = 512  # rows per SQLite insert statement: 3,072 parameters, below SQLite's limit of 32,766

Row = tuple[str, str, str, int, float, str]

_LEAST = {"postgresql": ("LEAST", "GREATEST"), "sqlite": ("min", "max")}


def append_rows(conn: Connection, rows: Sequence[Row]) -> int:
    """Store ``rows`` (member, resource, signal, ts_us, value, site), update their rollups,
    and return how many rows were new (a redelivery is not counted)."""
    if not rows:
        return 0
    dialect = conn.dialect.name
    if dialect == "postgresql":
        _prepare_stage(conn)
        _copy(conn, rows)
        return int(conn.execute(POSTGRES_FOLD).scalar_one())
    return _sqlite_append(conn, rows)


def _sqlite_append(conn: Connection, rows: Sequence[Row]) -> int:
    """Insert the new rows, then fold those (rowid above the largest before) into the rollups."""
    last = int(conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM readings").scalar_one())
    inserted = 0
    for start, size in _statement_sizes(len(rows)):
        values = tuple(v for row in rows[start : start + size] for v in row)
        inserted += conn.exec_driver_sql(_sqlite_insert(size), values).rowcount
    if inserted:
        conn.execute(SQLITE_FOLD, {"last": last})
    return int(inserted)


def _statement_sizes(n: int) -> list[tuple[int, int]]:
    """``(start, rows)`` of the insert statements for ``n`` rows: full ``VALUES_ROWS`` ones,
    then the rest in power-of-two sizes (at most a dozen distinct statement texts).

    Example:
        >>> _statement_sizes(1100)
        [(0, 512), (512, 512), (1024, 64), (1088, 8), (1096, 4)]
    """
    out, start = [], 0
    while n - start >= VALUES_ROWS:
        out.append((start, VALUES_ROWS))
        start += VALUES_ROWS
    size = VALUES_ROWS
    while start < n:
        size //= 2
        if n - start >= size:
            out.append((start, size))
            start += size
    return out


@lru_cache(maxsize=16)
def _sqlite_insert(rows: int) -> str:
    """``INSERT`` of ``rows`` readings in one statement."""
    return f"INSERT INTO readings ({COLUMNS}) VALUES {', '.join(['(?, ?, ?, ?, ?, ?)'] * rows)} ON CONFLICT DO NOTHING"


def _prepare_stage(conn: Connection) -> None:
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} (member text NOT NULL, resource text NOT NULL, "
        "signal text NOT NULL, ts_us bigint NOT NULL, value double precision NOT NULL, site text NOT NULL)"
    )
    conn.exec_driver_sql(f"TRUNCATE {STAGE}")


def _copy(conn: Connection, rows: Sequence[Row]) -> None:
    import psycopg

    cursor: Any = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {STAGE} ({COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["text", "text", "text", "int8", "float8", "text"])
            for row in rows:
                copy.write_row(row)
    except psycopg.DataError as exc:
        raise InvalidData(f"a reading cannot be stored: {exc}") from exc
    except psycopg.Error as exc:
        raise StoreUnavailable(f"bulk copy of {len(rows)} readings failed: {exc}") from exc
    finally:
        cursor.close()


def _upsert(dialect: str) -> str:
    least, greatest = _LEAST[dialect]
    return (
        f"ON CONFLICT ({KEY}) DO UPDATE SET "
        "samples = reading_rollups.samples + excluded.samples, "
        f"min_value = {least}(reading_rollups.min_value, excluded.min_value), "
        f"max_value = {greatest}(reading_rollups.max_value, excluded.max_value), "
        "sum_value = reading_rollups.sum_value + excluded.sum_value, "
        f"first_us = {least}(reading_rollups.first_us, excluded.first_us), "
        f"last_us = {greatest}(reading_rollups.last_us, excluded.last_us)"
    )


def _postgres_fold() -> str:
    return (
        f"WITH new AS (INSERT INTO readings ({COLUMNS}) SELECT {COLUMNS} FROM {STAGE} ORDER BY {ORDER} "
        "ON CONFLICT DO NOTHING RETURNING member, resource, signal, ts_us, value), "
        f"rolled AS (INSERT INTO reading_rollups ({ROLLUP_COLUMNS}) SELECT {AGGREGATES} FROM new "
        f"GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 {_upsert('postgresql')}) "
        "SELECT count(*) FROM new"
    )


def _sqlite_fold() -> str:
    new = f"SELECT {COLUMNS} FROM readings NOT INDEXED WHERE rowid > :last"  # a rowid range, not an index scan
    return (
        f"INSERT INTO reading_rollups ({ROLLUP_COLUMNS}) SELECT {AGGREGATES} FROM ({new}) WHERE true "
        f"GROUP BY 1, 2, 3, 4 {_upsert('sqlite')}"
    )


# built once: the statements depend on constants only
POSTGRES_FOLD = text(_postgres_fold())
SQLITE_FOLD = text(_sqlite_fold())
