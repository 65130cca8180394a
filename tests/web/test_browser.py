"""End to end in a real headless Chromium: log in, confirm an order by clicking, switch language, live chart.

The server is a real subprocess: ``python -m onefactory up`` over a data dir seeded
with the small cluster of ``conftest.seed`` (a non-empty store, so no demo is loaded).
Playwright drives Debian's /usr/bin/chromium; no browser is downloaded.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from onefactory.store import open_store

from .conftest import TOKENS, seed

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs Playwright for Python"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(data_dir: Path, port: int) -> list[str]:
    """``onefactory up`` when it exists, else uvicorn over ``create_app`` on the same SQLite file."""
    if importlib.util.find_spec("onefactory.cli") and importlib.util.find_spec("onefactory.platform"):
        return [
            sys.executable,
            "-m",
            "onefactory",
            "up",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--mqtt-port",
            str(free_port()),
        ]
    code = (
        "import uvicorn; from onefactory.api import create_app; from onefactory.config import Settings; "
        "from onefactory.runtime import open_runtime; "
        f"rt = open_runtime(Settings(data_dir={str(data_dir)!r})); "
        f"uvicorn.run(create_app(rt), host='127.0.0.1', port={port}, log_level='warning')"
    )
    return [sys.executable, "-c", code]


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server at {url} not healthy after {timeout_s}s")


@contextmanager
def running_server(data_dir: Path) -> Iterator[str]:
    """The platform on the store in ``data_dir``, in a subprocess on a free port; yields its URL
    once healthy and stops it afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(server_command(data_dir, port), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url
    finally:
        stop_server(proc)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a server started with ``server_command``, killing it after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.stderr.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    store = open_store(f"sqlite:///{tmp_path / 'onefactory.db'}")
    seed(store)
    store.dispose()
    with running_server(tmp_path) as url:
        yield url


def test_login_confirm_switch_language_and_live_chart(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_context(locale="en-US", viewport={"width": 1360, "height": 900}).new_page()
            page.set_default_timeout(15_000)

            page.goto(f"{server}/orders")
            expect(page).to_have_url(f"{server}/login?next=%2Forders")
            page.fill("#token", TOKENS["SUP-A"])
            page.get_by_role("button", name="Log in").click()
            expect(page).to_have_url(f"{server}/orders")
            expect(page.locator("a.order-link", has_text="PO-1001")).to_be_visible()
            expect(page.locator("a.order-link", has_text="PO-2001")).to_be_visible()

            page.get_by_role("link", name="Cluster").click()
            expect(page.locator("svg.diagram")).to_be_visible()
            page.screenshot(path=str(SHOTS / "onefactory-overview.png"), full_page=True)

            page.get_by_role("link", name="Orders").click()
            page.locator("a.order-link", has_text="PO-1001").click()
            expect(page.locator("h1")).to_contain_text("Order PO-1001")
            line = page.locator("#line-1")
            expect(line.locator(".line-status")).to_contain_text("Proposed")
            line.get_by_role("button", name="Confirm").click()
            expect(line.locator(".line-status")).to_contain_text("Confirmed")
            expect(page.locator("#order-version")).to_have_text("2")
            expect(page.locator(".tier-order a", has_text="PO-2001")).to_be_visible()
            page.screenshot(path=str(SHOTS / "onefactory-order.png"), full_page=True)

            page.get_by_role("link", name="한국어").click()
            expect(page.locator("html")).to_have_attribute("lang", "ko")
            expect(page.locator("h1")).to_contain_text("주문 PO-1001")
            expect(line.locator(".line-status")).to_contain_text("확정됨")
            page.get_by_role("link", name="주문", exact=True).click()
            expect(page.locator("h1")).to_contain_text("주문")

            page.get_by_role("link", name="설비 데이터").click()
            chart = page.locator('figure.chart[data-resource="PRESS-1"][data-signal="temp_c"]')
            expect(chart).to_have_attribute("data-points", "40")
            expect(chart.locator("polyline")).to_have_count(1)
            expect(chart.locator(".latest")).to_contain_text("최근값")
            page.screenshot(path=str(SHOTS / "onefactory-telemetry.png"), full_page=True)
        finally:
            browser.close()
