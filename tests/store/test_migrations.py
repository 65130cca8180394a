"""The Alembic revisions build exactly the schema the code declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from onefactory.store import open_store
from onefactory.store.schema import metadata


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
