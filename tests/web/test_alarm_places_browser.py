"""In a real headless Chromium, a Korean page of members in Asia/Seoul: alarm messages and notices
in Korean, SPC alarms with their item and characteristic in their own columns, and every time
(alarms, orders, deliveries, quality notices, the live chart's axis) in KST, labelled."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from onefactory.model import (
    Characteristic,
    ChartKind,
    ControlSignal,
    InspectionResult,
    Item,
    ProductionOrder,
    Reading,
    Shipment,
    ShipmentLine,
    User,
)
from onefactory.monitor.alarms import Condition
from onefactory.monitor.rules import ThresholdRule
from onefactory.services import alarms, orders, quality
from onefactory.store import open_store

from .conftest import NOW, TOKENS, seed
from .test_browser import ARGS, CHROMIUM, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs Playwright for Python"),
]
CALM = ["9.92", "9.868", "9.975", "10.042", "10.114", "10.011", "9.945", "9.922", "10.075", "10.163", "10.027",
        "9.877", "9.904", "10.16", "10.02", "9.827", "9.992", "9.884", "9.937", "9.951", "9.929", "10.055"]  # fmt: skip
JUMP_AT = NOW - timedelta(hours=2)  # 08:00 KST


@dataclass
class Seeded:
    url: str
    press_alarm: str
    bore_alarm: str
    width_alarm: str
    bore: ControlSignal


def _spc(store, admin: User, code: str, lot: str) -> tuple[str, ControlSignal]:
    """SUP-A's 22 calm results of ``code`` of P-100, then a jump on ``lot``: one SPC alarm."""
    quality.define(store, admin, [Characteristic("SUP-A", "P-100", code, ChartKind.I_MR, unit="mm")])
    calm = [
        InspectionResult("SUP-A", "P-100", f"C{i}", code, Decimal(v), JUMP_AT - timedelta(hours=len(CALM) - i))
        for i, v in enumerate(CALM)
    ]
    quality.record(store, admin, calm, NOW)
    jump = InspectionResult("SUP-A", "P-100", lot, code, Decimal("11.5"), JUMP_AT)
    report = quality.record(store, admin, [jump], NOW)
    assert [(s.series, s.rule) for s in report.signals] == [("x", "nelson-1"), ("mr", "nelson-1")]
    return report.alarms[0], report.signals[-1]  # the alarm's message tells its last signal


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Seeded]:
    """The seeded cluster; SUP-A's press alarm holding PO-1001 at risk, SPC alarms on bore (lot MO-A1,
    made on PRESS-1) and width (lot L-X, not a production order), a shipment of PO-1001 at NOW."""
    store = open_store(f"sqlite:///{tmp_path / 'onefactory.db'}")
    sup_a = seed(store)["SUP-A"]
    mo = ProductionOrder(
        "SUP-A", "MO-A1", "P-100", Decimal(100), "PRESS-1", NOW, NOW + timedelta(days=2), serves_order="PO-1001"
    )
    with store.write() as tx:
        tx.production.put_many([mo])
        tx.items.put_many([Item("SUP-A", "P-100", "Housing")])
    orders.act(store, sup_a, "PO-1001", 1, "confirm", orders.Params(), NOW)
    orders.ship(store, sup_a, Shipment("ASN-1", "SUP-A", "LEAD", NOW, (ShipmentLine("PO-1001", 1, Decimal(30)),)), NOW)
    at = NOW - timedelta(minutes=5)
    hot = Reading("SUP-A", "PRESS-1", "temp_c", at, 85.2)
    message = ThresholdRule("temp-high", "temp_c", above=80).describe(hot)
    c = Condition("SUP-A", "PRESS-1", "temp_c", "temp-high", "major", 85.2, at, message)
    press = alarms.record_changes(store, [c], at)[0].alarm.id
    bore, signal = _spc(store, sup_a, "bore", "MO-A1")
    width, _ = _spc(store, sup_a, "width", "L-X")
    store.dispose()
    with running_server(tmp_path) as url:
        yield Seeded(url, press, bore, width, signal)


def _cells(row, names=("resource", "item", "signal", "characteristic")) -> list[str]:
    return [row.locator(f"td.alarm-{n}").inner_text() for n in names]


def test_a_korean_page_in_seoul_shows_korean_texts_placed_alarms_and_labelled_kst_times(server: Seeded) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = server.url
    g = server.bore
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(locale="ko-KR", timezone_id="UTC", viewport={"width": 1500, "height": 900})
            context.add_cookies([{"name": "onefactory_token", "value": TOKENS["LEAD"], "url": url}])
            page = context.new_page()
            page.set_default_timeout(15_000)

            page.goto(f"{url}/alarms?lang=ko")
            press = page.locator(f"#alarm-{server.press_alarm}")
            expect(press.locator(".alarm-message")).to_have_text("temp_c 85.2: 상한 80 초과 (temp-high)")
            assert press.locator("td").first.inner_text() == "2026-03-02 09:55 KST"
            assert _cells(press) == ["PRESS-1", "—", "temp_c", "—"]
            bore = page.locator(f"#alarm-{server.bore_alarm}")
            assert _cells(bore) == ["PRESS-1", "P-100", "—", "bore"]  # lot MO-A1 was made on PRESS-1
            assert bore.locator("td").first.inner_text() == "2026-03-02 08:00 KST"
            assert _cells(page.locator(f"#alarm-{server.width_alarm}")) == ["—", "P-100", "—", "width"]
            expect(bore.locator(".alarm-message")).to_have_text(
                f"P-100 bore (i_mr, {g.series}) 로트 MO-A1: {g.value:.6g} mm; 3시그마를 벗어난 점 1개 (nelson-1); "
                f"관리한계 {g.lcl:.6g} .. {g.ucl:.6g}, 중심선 {g.center:.6g}"
            )
            texts = page.locator("table.notices td.notice-text")
            disruption = texts.filter(has_text="PO-1001 위험: PRESS-1의 중대 알람 (temp-high)")
            expect(disruption).to_have_count(1)
            expect(disruption).to_contain_text(
                f"SUP-A/PRESS-1의 알람 {server.press_alarm} (temp-high); MO-A1에서 이 주문의 P-100을(를) 생산합니다"
            )
            expect(texts.filter(has_text="P-100 bore SPC 신호: 3시그마를 벗어난 점 1개 (로트 MO-A1)")).to_have_count(1)
            expect(texts.filter(has_text="P-100 width SPC 신호: 3시그마를 벗어난 점 1개 (로트 L-X)")).to_have_count(1)
            assert not [s for s in texts.all_inner_texts() if " at risk" in s or "SPC signal on" in s]

            page.goto(f"{url}/orders?lang=ko")
            expect(page.locator("body")).to_contain_text("2026-03-02 10:00 KST")
            page.goto(f"{url}/orders/PO-1001?lang=ko")
            expect(page.locator("p", has_text="ASN-1")).to_have_text("ASN-1 · 2026-03-02 10:00 KST")
            risk = page.locator(f'#order-alarms tr[data-alarm="{server.press_alarm}"]')
            expect(risk).to_contain_text("MO-A1에서 이 주문의 P-100을(를) 생산합니다")
            assert risk.locator("td").first.inner_text() == "2026-03-02 09:55 KST"

            page.goto(f"{url}/quality?lang=ko")
            notice = page.locator("tr", has_text="P-100 bore SPC 신호").first
            expect(notice).to_contain_text("2026-03-02 10:00 KST")

            page.goto(f"{url}/telemetry?lang=ko")
            chart = page.locator('figure.chart[data-resource="PRESS-1"][data-signal="temp_c"]')
            expect(chart).to_have_attribute("data-points", "40")
            expect(chart.locator("text.time.start")).to_have_text("2026-03-02 09:40 KST")
            expect(chart.locator("text.time.end")).to_have_text("10:00 KST")
            expect(chart.locator(".latest")).to_have_text("최근값: 60 (2026-03-02 10:00:00 KST)")
        finally:
            browser.close()
