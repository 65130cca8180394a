"""The dashboard's capable-to-promise form applies the API's quantity bounds and shows the reason."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from support import demo_api

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("qty", "reason"),
    [
        ("99999999999999", "qty must be at most 1000000000000, got 99999999999999"),
        ("0", "qty must be &gt; 0, got 0"),
        ("1.0000001", "qty must have at most 6 decimal places, got 1.0000001"),
        ("NaN", "quantity must be a number, got &#39;NaN&#39;"),
    ],
)
def test_a_quantity_the_api_refuses_is_refused_by_the_form_with_the_reason(qty, reason):
    with demo_api(NOW) as web:
        web.cookies.set("onefactory_token", "demo-LEAD-planner")
        csrf = re.search(r'name="csrf" value="([^"]+)"', web.get("/ctp?lang=en").text).group(1)
        form = {"member": "LEAD", "item": "FG-0002", "qty": qty, "by": "2027-01-30", "csrf": csrf}
        answer = web.post("/ctp", data=form)
        assert answer.status_code == 422 and 'id="ctp-problem"' in answer.text
        assert reason in answer.text and f'value="{qty}"' in answer.text
