"""The demo cluster built from Willems' chain 05: structure and determinism."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from onefactory.demo import build_cluster
from onefactory.demo._chain import parse_chain
from onefactory.demo.build import CHAIN_FILE, read_data
from onefactory.model import ItemKind, MemberRole, find_bom_cycle


def test_build_is_deterministic():
    assert build_cluster() == build_cluster()


def test_chain_file_is_read_whole():
    chain = parse_chain(read_data(CHAIN_FILE))
    assert (len(chain.stages), len(chain.arcs)) == (27, 31)
    assert Counter(s.kind for s in chain.stages.values()) == {"Part": 13, "Retail": 8, "Manuf": 5, "Dist": 1}


def test_member_count_is_within_a_cluster_size():
    assert 15 <= len(build_cluster().members) <= 30


def test_roles_one_lead_one_logistics_and_both_tiers():
    roles = Counter(m.role for m in build_cluster().members)
    assert roles[MemberRole.LEAD] == 1
    assert roles[MemberRole.LOGISTICS] == 1
    assert roles[MemberRole.TIER1] >= 2 and roles[MemberRole.TIER2] >= 2


def test_members_have_korean_names_and_mostly_seoul_time():
    members = build_cluster().members
    assert all(m.name and m.name_ko for m in members)
    assert sum(m.timezone == "Asia/Seoul" for m in members) > len(members) / 2
    assert len({m.code for m in members}) == len(members)


def test_every_bom_supplier_is_a_member_that_makes_the_component():
    cluster = build_cluster()
    codes = {m.code for m in cluster.members}
    for line in cluster.bom_lines:
        assert line.supplier in codes
        assert cluster.maker_of(line.component) == line.supplier


def test_bom_has_no_cycle_and_spans_two_levels():
    cluster = build_cluster()
    assert find_bom_cycle(list(cluster.bom_lines)) is None
    lead_components = {b.component for b in cluster.bom_lines if b.member == "LEAD"}
    supplier_parents = {b.parent for b in cluster.bom_lines if b.member != "LEAD"}
    assert lead_components & supplier_parents == {"MD-0001"}


def test_bom_items_exist_in_the_members_item_master():
    cluster = build_cluster()
    master = {(i.member, i.code): i for i in cluster.items}
    for line in cluster.bom_lines:
        assert master[(line.member, line.parent)].kind is ItemKind.MAKE
        assert master[(line.member, line.component)].kind is ItemKind.BUY


def test_lead_times_and_prices_come_from_the_chain():
    cluster = build_cluster()
    master = {(i.member, i.code): i for i in cluster.items}
    assert master[("GAON", "PT-0001")].lead_time_days == 38  # Part_0001 stageTime
    assert master[("LEAD", "MD-0001")].lead_time_days == 2  # Manuf_0001 1 day + Dist_0001 1 day
    assert cluster.unit_price["PT-0012"] == Decimal("17.97")  # Part_0012 stageCost


def test_sites_resources_and_stock_belong_to_members():
    cluster = build_cluster()
    codes = {m.code for m in cluster.members}
    sites = {(s.member, s.code) for s in cluster.sites}
    assert all((r.member, r.site) in sites for r in cluster.resources)
    assert {r.member for r in cluster.resources} == codes
    assert all(p.member in codes and p.qty > 0 and (p.member, p.location) in sites for p in cluster.opening_stock)
