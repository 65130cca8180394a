"""Korean pages show the planners' binding constraints, the foreign-order placeholder, form errors
and production statuses in Korean, and binding times in the viewer's zone (they were English, UTC ISO)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from onefactory.web.notes import translate

from support import demo_api

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(
    ("sentence", "korean"),
    [
        (
            "MD-0001 at LEAD is moved from SEOHAN with 1 days lead time: new supply arrives from 2026-03-02T15:00:00+00:00",
            "LEAD의 MD-0001: SEOHAN에서 이동, 리드타임 1일, 새 공급은 2026-03-03 00:00 KST부터 도착합니다",
        ),
        (
            "PT-0006 at AREUM: existing supply of 32742 (stock:AREUM:PT-0006) is used up",
            "AREUM의 PT-0006: 기존 공급 32742 (stock:AREUM:PT-0006)을(를) 모두 사용했습니다",
        ),
        (
            "routing of P-1 at SUP-A is valid only from 2026-03-05T00:00:00+00:00",
            "SUP-A의 P-1 공정경로는 2026-03-05 09:00 KST부터 유효합니다",
        ),
        ("another member's order", "다른 회원사의 주문"),
        ("quantity must be a number, got 'abc'", "수량 값은 숫자여야 합니다 (입력값 'abc')"),
        ("lead_time_days must be a number, got 'x'", "lead_time_days 값은 숫자여야 합니다 (입력값 'x')"),
    ],
)
def test_fixed_sentences_read_in_korean_with_times_in_the_viewers_zone(sentence, korean):
    assert translate("ko", sentence, SEOUL) == korean


def test_english_keeps_the_words_and_shows_the_time_in_the_viewers_zone():
    sentence = "routing of P-1 at SUP-A is valid only from 2026-03-05T00:00:00+00:00"
    assert translate("en", sentence, SEOUL) == "routing of P-1 at SUP-A is valid only from 2026-03-05 09:00 KST"


def _get(client, token, path):
    client.cookies.set("onefactory_token", token)
    return client.get(path).text


def test_the_demo_pages_in_korean_show_no_english_planner_text_or_status():
    with demo_api(NOW) as client:
        plans = _get(client, "demo-LEAD-admin", "/plans?lang=ko")
        plan = _get(client, "demo-LEAD-admin", "/plans/" + re.findall(r'href="/plans/([^"?]+)"', plans)[0] + "?lang=ko")
        mrp = _get(client, "demo-SEOHAN-admin", "/mrp?lang=ko")
        order = _get(client, "demo-SAMJIN-admin", "/orders/PO-LEAD-0002?lang=ko")
    binding = plan[plan.index('class="binding"') :]
    binding = binding[: binding.index("</ul>")]
    assert "is used up" not in binding and "arrives from" not in binding and "is full in" not in binding
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", binding)  # no UTC ISO time left
    assert "모두 사용했습니다" in binding
    assert "another member&#39;s order" not in mrp and "다른 회원사의 주문" in mrp
    row = order[order.index("MO-SAMJIN-0001") :]
    assert "작업 중" in row[: row.index("</tr>")] and ">started<" not in order


def test_a_form_error_reads_in_korean():
    from onefactory.web._context import csrf_token

    form = {
        "member": "SEOHAN",
        "item": "MD-0001",
        "qty": "abc",
        "by": "2026-03-20",
        "csrf": csrf_token("demo-LEAD-admin"),
    }
    with demo_api(NOW) as client:
        client.cookies.set("onefactory_token", "demo-LEAD-admin")
        resp = client.post("/ctp?lang=ko", data=form)
    assert resp.status_code == 422
    problem = re.search(r'id="ctp-problem">([^<]*)<', resp.text).group(1)
    assert problem == "수량 값은 숫자여야 합니다 (입력값 &#39;abc&#39;)"
