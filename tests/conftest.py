"""Fixtures shared by every test package: stores, seeded clusters, API clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from onefactory.store import Store, open_store

from support import NOW, fresh_postgres_store, seed_members


@pytest.fixture(params=["sqlite-memory", "sqlite-file", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The store contract runs over every implementation."""
    if request.param == "sqlite-memory":
        yield open_store("sqlite://")
    elif request.param == "sqlite-file":
        store = open_store(f"sqlite:///{tmp_path / 'of.db'}")
        yield store
        store.dispose()
    else:
        yield from fresh_postgres_store()


@pytest.fixture
def store() -> Store:
    """A fresh in-memory SQLite store."""
    return open_store("sqlite://")


MEMBERS = {"LEAD": "lead", "SUP-A": "tier1", "SUP-B": "tier1", "SUP-KR1": "tier2", "SUP-EU1": "tier2"}


@pytest.fixture
def seeded(store: Store) -> Store:
    """A store with the hazard members and their admins (token 'tok-<MEMBER>')."""
    seed_members(store)
    return store


@pytest.fixture
def client(seeded: Store):
    """A TestClient over the API with the hazard members seeded; clock fixed at NOW."""
    from fastapi.testclient import TestClient

    from onefactory.api import create_app
    from onefactory.config import Settings
    from onefactory.runtime import Runtime

    runtime = Runtime(Settings(store_url="sqlite://"), seeded, clock=lambda: NOW)
    with TestClient(create_app(runtime)) as c:
        yield c
