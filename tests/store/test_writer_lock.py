"""SQLite writers of one process meet at one lock per database file before SQLite's own."""

import threading

import pytest

from onefactory.store import open_store

from support import fresh_postgres_store


def test_stores_of_one_sqlite_file_share_one_writer_lock_and_others_have_their_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a, b = open_store(f"sqlite:///{tmp_path / 'of.db'}"), open_store("sqlite:///./sub/../of.db")
    other, memory = open_store(f"sqlite:///{tmp_path / 'other.db'}"), open_store("sqlite://")
    try:
        assert a._writers is b._writers
        assert other._writers is not a._writers
        assert not hasattr(memory._writers, "lock")  # one shared connection: nothing to wait for
    finally:
        for store in (a, b, other):
            store.dispose()


def test_a_write_transaction_holds_the_lock_until_it_ends(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'of.db'}")
    inside, release, seen = threading.Event(), threading.Event(), []

    def writer():
        with store.write() as tx:
            tx.meta.set("k", "v")
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    assert inside.wait(10)
    lock = store._writers.lock  # type: ignore[attr-defined]
    seen.append(lock.acquire(blocking=False))
    release.set()
    thread.join(10)
    seen.append(lock.acquire(blocking=False))
    lock.release()
    with store.read() as tx:
        assert tx.meta.get("k") == "v"
    store.dispose()
    assert seen == [False, True]


def test_postgres_stores_take_no_process_lock(tmp_path):
    for store in fresh_postgres_store():
        assert not hasattr(store._writers, "lock")


def test_a_writer_that_waits_longer_than_the_busy_timeout_is_told_the_store_is_unavailable(tmp_path, monkeypatch):
    from onefactory.model import StoreUnavailable
    from onefactory.store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_S", 0.2)
    store = open_store(f"sqlite:///{tmp_path / 'of.db'}")
    holder = threading.Thread(target=store._writers.lock.acquire)  # type: ignore[attr-defined]
    holder.start()
    holder.join()  # another thread holds the file's writer lock and never lets go
    with pytest.raises(StoreUnavailable, match="stayed locked by another writer for 0.2 s"), store.write() as tx:
        tx.meta.set("k", "v")
    with store.read() as tx:
        assert tx.meta.get("k") is None
    store.dispose()
