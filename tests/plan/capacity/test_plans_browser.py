"""In a real headless Chromium: the plan page (Gantt, pegging) and the capable-to-promise form.

The server is ``python -m onefactory up`` on an empty data dir, so it loads the demo cluster.
Playwright drives Debian's /usr/bin/chromium; no browser is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import urllib.request
from pathlib import Path

import pytest

from support import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs Playwright for Python"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    up = Server(tmp_path_factory.mktemp("plans") / "data", "--no-telemetry")
    try:
        up.wait_healthy(90)
        yield up
    finally:
        up.kill()


def run_plan(url: str) -> str:
    req = urllib.request.Request(
        f"{url}/api/v1/plans",
        data=json.dumps({"horizon_days": 45}).encode(),
        headers={"Authorization": "Bearer demo-LEAD-planner", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req, timeout=120) as resp:
        return json.loads(resp.read())["id"]


def test_plan_page_shows_gantt_and_pegging_and_ctp_answers(server: Server) -> None:
    from playwright.sync_api import expect, sync_playwright

    plan_id = run_plan(server.url)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([{"name": "onefactory_token", "value": "demo-LEAD-planner", "url": server.url}])
            page = context.new_page()
            page.goto(f"{server.url}/plans?lang=en")
            page.click(f"a[href='/plans/{plan_id}']")
            expect(page.locator("h1")).to_contain_text(plan_id)
            assert page.locator("svg.gantt rect.bar").count() > 0
            expect(page.locator("svg.gantt")).to_contain_text("ASSY-1")
            expect(page.locator("details.peg summary", has_text="CO-LEAD-").first).to_be_visible()
            page.goto(f"{server.url}/plans?lang=ko")
            page.click("a[href='/ctp']")
            expect(page.locator("h1")).to_contain_text("CTP")
            page.select_option("select[name=member]", "LEAD")
            page.fill("input[name=item]", "FG-0002")
            page.fill("input[name=qty]", "10")
            page.fill("input[name=by]", "2099-01-01")
            page.click("#ctp-form button[type=submit]")
            expect(page.locator(".ctp-answer")).to_contain_text("가능, 납기 내")
            expect(page.locator(".ctp-answer .earliest")).not_to_be_empty()
        finally:
            browser.close()
