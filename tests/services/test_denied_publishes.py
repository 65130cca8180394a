"""Refused MQTT publishes as members see them: their own logins and their own prefix."""

from __future__ import annotations

from onefactory.model import User, UserRole
from onefactory.services.telemetry import IngestCounters, denied_publishes


def test_a_member_sees_refusals_of_its_logins_and_under_its_prefix_an_operator_sees_all():
    counters = IngestCounters()
    counters.denied.add("LEAD", "of/GAON/HAMAN/TST-4/spoof")
    counters.denied.add("LEAD", "of/GAON/HAMAN/TST-4/spoof")
    counters.denied.add("SEOHAN", "of/DONGIL/X/M/t")
    lead = gaon = {"user": "LEAD", "topic_prefix": "of/GAON", "count": 2}
    dongil = {"user": "SEOHAN", "topic_prefix": "of/DONGIL", "count": 1}
    seen = {
        member: denied_publishes(counters, User(f"{member}-admin", member, member, UserRole.MEMBER_ADMIN))
        for member in ("LEAD", "GAON", "SEOHAN", "SAMJIN")
    }
    assert seen == {"LEAD": [lead], "GAON": [gaon], "SEOHAN": [dongil], "SAMJIN": []}
    operator = User("op", "LEAD", "Operator", UserRole.CLUSTER_OPERATOR)
    assert denied_publishes(counters, operator) == [lead, dongil]
