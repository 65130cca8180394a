"""In a real headless Chromium: the alarm marker on the live chart, acknowledging an alarm
from the alarm list, and the order page showing the alarm that puts the order at risk."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from onefactory.model import ProductionOrder, Severity
from onefactory.monitor.alarms import Condition
from onefactory.services import alarms
from onefactory.store import open_store

from .conftest import NOW, TOKENS, seed
from .test_browser import ARGS, CHROMIUM, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs Playwright for Python"),
]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The seeded cluster plus SUP-A's press alarm that holds PO-1001 at risk."""
    store = open_store(f"sqlite:///{tmp_path / 'onefactory.db'}")
    seed(store)
    mo = ProductionOrder(
        "SUP-A", "MO-A1", "P-100", Decimal(100), "PRESS-1", NOW, NOW + timedelta(days=2), serves_order="PO-1001"
    )
    with store.write() as tx:
        tx.production.put_many([mo])
    at = NOW - timedelta(minutes=5)
    c = Condition("SUP-A", "PRESS-1", "temp_c", "temp-high", Severity.MAJOR, 65.6, at, "temp_c above its limit")
    alarm_id = alarms.record_changes(store, [c], at)[0].alarm.id
    store.dispose()
    with running_server(tmp_path) as url:
        yield url, alarm_id


def test_alarm_marker_ack_from_the_list_and_order_at_risk(server: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, alarm_id = server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="en-US", viewport={"width": 1360, "height": 900})
            context.add_cookies([{"name": "onefactory_token", "value": TOKENS["SUP-A"], "url": url}])
            page = context.new_page()
            page.set_default_timeout(15_000)

            page.goto(f"{url}/telemetry")
            chart = page.locator('figure.chart[data-resource="PRESS-1"][data-signal="temp_c"]')
            expect(chart).to_have_attribute("data-points", "40")
            expect(chart).to_have_attribute("data-alarms", "2")  # the seeded alarm and ours
            expect(chart.locator("line.alarm-marker")).to_have_count(2)

            page.goto(f"{url}/alarms")
            row = page.locator(f"#alarm-{alarm_id}")
            expect(row.locator(".alarm-status")).to_contain_text("raised")
            row.get_by_role("button", name="Acknowledge").click()
            expect(page.locator(".banner.ok")).to_contain_text("Alarm acknowledged.")
            expect(page.locator(f"#alarm-{alarm_id} .alarm-status")).to_contain_text("acknowledged")
            expect(page.locator(f"#alarm-{alarm_id}").get_by_role("button", name="Acknowledge")).to_have_count(0)

            lead = browser.new_context(locale="en-US")
            lead.add_cookies([{"name": "onefactory_token", "value": TOKENS["LEAD"], "url": url}])
            order = lead.new_page()
            order.goto(f"{url}/orders/PO-1001")
            section = order.locator("#order-alarms")
            expect(section).to_contain_text("Alarms putting this order at risk")
            expect(section.locator(f'tr[data-alarm="{alarm_id}"]')).to_contain_text("PRESS-1")
            expect(section).to_contain_text("acknowledged")
        finally:
            browser.close()
