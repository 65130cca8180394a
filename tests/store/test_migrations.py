"""The Alembic revisions build exactly the schema the code declares."""

from contextlib import contextmanager

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from onefactory.store import open_store
from onefactory.store.schema import metadata


@contextmanager
def _at_revision(store, revision):
    """A connection to ``store`` migrated only up to ``revision``, to write data as an older
    platform left it; ``store.migrate()`` afterwards runs the later revisions on it."""
    from alembic import command
    from alembic.config import Config

    from onefactory.store.engine import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        yield conn


def test_migrated_database_matches_the_declared_schema(any_store):
    with any_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_upgrade_twice_is_a_no_op(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_store(url).dispose()
    store = open_store(url)
    with store.read() as tx:
        assert tx.members.all() == []


def test_upgrade_to_0008_folds_stored_readings_into_rollups(tmp_path):
    """A plant upgrading with history gets rollups for it, without re-ingesting."""
    from sqlalchemy import insert

    from onefactory.store.schema import readings

    store = open_store(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    with _at_revision(store, "0001") as conn:
        rows = [(0, 1.0), (30_000_000, 3.0), (-1, 7.0), (60_000_000, 5.0)]  # -1 µs is the minute before 1970
        conn.execute(
            insert(readings),
            [dict(member="SUP-A", resource="M-1", signal="t", ts_us=t, value=v, site="") for t, v in rows],
        )
    store.migrate()
    with store.read() as tx:
        got = [(r.minute.timestamp(), r.samples, r.sum_value) for r in tx.rollups.range("SUP-A", "M-1")]
    assert got == [(-60.0, 1, 7.0), (0.0, 2, 4.0), (60.0, 1, 5.0)]


def test_upgrade_to_0012_keeps_the_earliest_of_identical_active_grants(tmp_path):
    """A database holding identical active grants (the race 0012 closes) keeps the earliest
    active and records each later one as revoked when it was made; other grants are untouched."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from onefactory.store.schema import grants, members

    at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    store = open_store(f"sqlite:///{tmp_path / 'old.db'}", migrate=False)
    with _at_revision(store, "0001") as conn:
        conn.execute(insert(members), [dict(code=c, name=c, role="tier1", timezone="UTC") for c in ("A", "B")])
        rows = [("g-2", "inventory", 1), ("g-1", "inventory", 1), ("g-3", "inventory", 0), ("g-4", "capacity", 2)]
        conn.execute(
            insert(grants),
            [dict(id=i, owner="A", grantee="B", scope=s, created_at=at + timedelta(hours=h)) for i, s, h in rows],
        )
    store.migrate()
    with store.read() as tx:
        got = sorted((g.id, g.revoked_at) for g in tx.grants.to_grantee("B"))
    assert got == [("g-1", at + timedelta(hours=1)), ("g-2", at + timedelta(hours=1)), ("g-3", None), ("g-4", None)]
