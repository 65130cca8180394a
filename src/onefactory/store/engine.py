"""Opening a store by URL, migrating it, and units of work.

>>> store = open_store("sqlite://")
>>> with store.write() as tx:
...     tx.meta.set("hello", "world")
>>> with store.read() as tx:
...     tx.meta.get("hello")
'world'
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from onefactory.model import Conflict, StoreUnavailable

from ._dialects import BUSY_TIMEOUT_S, configure_sqlite
from .unit import Unit

MIGRATIONS = Path(__file__).parent / "migrations"
CONSTRAINT_REFUSED = (
    "the change clashes with data already stored (a duplicate or a missing reference); nothing was stored"
)
log = logging.getLogger(__name__)


class _FileWriters:
    """The writers of one SQLite file in this process, one at a time: a waiting writer starts
    the moment the other ends, instead of sleeping in SQLite's busy handler (1, 2, 5, 10 ...
    ms between retries). The telemetry writer and the alarm writer, each holding the file a
    few milliseconds per batch, lost several milliseconds per batch to those sleeps. Writers
    in other processes still meet at SQLite's own lock (``busy_timeout``), and a writer
    waits here no longer than it would there."""

    def __init__(self) -> None:
        self.lock = threading.RLock()

    def __enter__(self) -> None:
        if not self.lock.acquire(timeout=BUSY_TIMEOUT_S):
            raise StoreUnavailable(f"the database stayed locked by another writer for {BUSY_TIMEOUT_S} s")

    def __exit__(self, *exc_info: object) -> None:
        self.lock.release()


_FILE_WRITERS: dict[str, _FileWriters] = {}
_FILE_WRITERS_GUARD = threading.Lock()


def _writer_lock(engine: Engine) -> AbstractContextManager[None]:
    """What a write transaction holds in this process before the database's own lock: one
    ``_FileWriters`` per SQLite file; nothing for an in-memory database (one connection) or
    PostgreSQL (row locks)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return nullcontext()
    key = str(Path(database).resolve())
    with _FILE_WRITERS_GUARD:
        return _FILE_WRITERS.setdefault(key, _FileWriters())


class Store:
    """A database holding one cluster. Use :meth:`write` and :meth:`read`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._writers = _writer_lock(engine)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Unit]:
        """One transaction (BEGIN IMMEDIATE on SQLite); commits on success.

        A constraint the database refuses (a duplicate key, a missing parent) that no service
        checked first is a Conflict with a neutral message, on SQLite as on PostgreSQL (both
        raise SQLAlchemy's IntegrityError, at the statement or at the commit); the database's
        own text, which names tables and columns, stays in the log."""
        try:
            with self._writers, self._connect(immediate=True) as conn, conn.begin():
                yield Unit(conn)
        except IntegrityError as exc:
            log.warning("write refused by the database: %s", exc.orig)
            raise Conflict(CONSTRAINT_REFUSED) from exc

    @contextmanager
    def read(self) -> Iterator[Unit]:
        """A read-only unit of work (rolled back at the end)."""
        with self._connect(immediate=False) as conn, conn.begin() as txn:
            yield Unit(conn)
            txn.rollback()

    @contextmanager
    def _connect(self, immediate: bool) -> Iterator[Connection]:
        try:
            conn = self.engine.connect().execution_options(immediate=immediate)
        except (OperationalError, DBAPIError) as exc:
            raise StoreUnavailable(f"cannot connect to {self.safe_url}: {exc.orig}") from exc
        with conn:
            yield conn

    @property
    def safe_url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open (and by default migrate) the database at ``url``.

    ``sqlite://`` is a private in-memory database; ``sqlite:///path.db`` a file
    in WAL mode; ``postgresql+psycopg://...`` PostgreSQL.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    sqlite = url.startswith("sqlite")
    engine = _sqlite_engine(url) if sqlite else create_engine(url, pool_pre_ping=True, pool_size=10)
    store = Store(engine, url)
    if migrate:
        try:
            store.migrate()
        except (OperationalError, DBAPIError) as exc:
            raise StoreUnavailable(f"cannot open {store.safe_url}: {exc.orig}") from exc
    return store


def _sqlite_engine(url: str) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    if not memory:
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, object] = {"connect_args": {"check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)  # type: ignore[arg-type]
    configure_sqlite(engine)
    return engine
