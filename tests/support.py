"""Helpers shared by tests (importable as ``support``): shared data, stores, seeding."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onefactory.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
MEMBERS = {"LEAD": "lead", "SUP-A": "tier1", "SUP-B": "tier1", "SUP-KR1": "tier2", "SUP-EU1": "tier2"}


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the folder is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared data folder beside the repository ({path} is absent); it is present in CI")
    return path


def postgres_url() -> str | None:
    """The PostgreSQL URL for contract tests, from ONEFACTORY_TEST_POSTGRES_URL."""
    return os.environ.get("ONEFACTORY_TEST_POSTGRES_URL")


def fresh_postgres_store() -> Iterator[Store]:
    """A store in a new, private PostgreSQL schema, dropped afterwards."""
    import sqlalchemy as sa

    url = postgres_url()
    if not url:
        pytest.skip("set ONEFACTORY_TEST_POSTGRES_URL to run PostgreSQL cases (CI sets it)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in url else "?"
    store = open_store(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        yield store
    finally:
        store.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


SEEDED_ITEMS = {"LEAD": ("P-1",)}
"""Items the seeded members order in many tests (an order line must name an item of the buyer)."""


def seed_items(store: Store, member: str, *codes: str) -> None:
    """Add bought items (counted in any fraction) to ``member``'s item master."""
    from onefactory.model import Item

    with store.write() as tx:
        tx.items.put_many([Item(member, code, f"part {code}", whole_units=False) for code in codes])


def seed_members(store: Store) -> dict[str, str]:
    """Members of the hazard cases with one admin each, and the items of SEEDED_ITEMS;
    returns member -> token."""
    from onefactory.model import Member, MemberRole, User, UserRole
    from onefactory.services import access

    zones = {"SUP-EU1": "Europe/Berlin"}
    with store.write() as tx:
        for code, role in MEMBERS.items():
            tx.members.add(Member(code, f"{code} Co.", MemberRole(role), zones.get(code, "Asia/Seoul")))
    for member, codes in SEEDED_ITEMS.items():
        seed_items(store, member, *codes)
    tokens = {}
    for code in MEMBERS:
        tokens[code] = access.create_user(
            store, User(f"{code.lower()}-admin", code, f"Admin {code}", UserRole.MEMBER_ADMIN), f"tok-{code}"
        )
    access.create_user(store, User("lead-viewer", "LEAD", "Viewer", UserRole.VIEWER), "tok-LEAD-viewer")
    access.create_user(store, User("operator", "LEAD", "Operator", UserRole.CLUSTER_OPERATOR), "tok-operator")
    return tokens


def auth(member: str) -> dict[str, str]:
    """Authorization header of a seeded member's admin."""
    return {"Authorization": f"Bearer tok-{member}"}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``python -m onefactory up`` as a real subprocess on free ports."""

    def __init__(self, data_dir: Path, *extra: str) -> None:
        import subprocess
        import sys

        self.port, self.mqtt_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [
            sys.executable,
            "-m",
            "onefactory",
            "up",
            "--data-dir",
            str(data_dir),
            "--port",
            str(self.port),
            "--mqtt-port",
            str(self.mqtt_port),
            *extra,
        ]
        self.log = data_dir.parent / f"up-{self.port}.log"
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout_s: float = 60) -> dict:
        """Poll /api/health until it answers; fail with the server's output if it dies."""
        import json
        import time
        import urllib.request

        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited {self.proc.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/health", timeout=2) as resp:
                    return json.loads(resp.read())
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"server not healthy after {timeout_s} s:\n{self.output()}")

    def get(self, path: str, token: str) -> object:
        """GET a JSON API path with a bearer token."""
        import json
        import urllib.request

        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def interrupt(self, timeout_s: float = 30) -> int:
        """Ctrl-C, and wait for a clean exit."""
        import signal

        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout_s)
        self._out.close()
        return code

    def kill(self) -> None:
        """Stop it hard (cleanup after a failed test)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if not self._out.closed:
            self._out.close()

    def output(self) -> str:
        """What the server printed so far."""
        if not self._out.closed:
            self._out.flush()
        return self.log.read_text(errors="replace")


def reachable(url: str) -> bool:
    """True if a TCP connection to the URL's host and port (default 1883) succeeds."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 1883), timeout=1):
            return True
    except OSError:
        return False


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of an API token."""
    return {"Authorization": f"Bearer {token}"}


@contextlib.contextmanager
def demo_api(now: datetime) -> Iterator:
    """A TestClient over a new in-memory store holding the demo cluster, loaded and clocked
    at ``now``; the store is ``client.store``."""
    from fastapi.testclient import TestClient

    from onefactory.api import create_app
    from onefactory.config import Settings
    from onefactory.demo import load_demo
    from onefactory.runtime import Runtime

    store = open_store("sqlite://")
    load_demo(store, now)
    with TestClient(create_app(Runtime(Settings(store_url="sqlite://"), store, clock=lambda: now))) as client:
        client.store = store  # type: ignore[attr-defined]
        yield client
