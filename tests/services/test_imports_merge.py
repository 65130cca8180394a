"""Re-importing master data with fewer columns: only cells that hold a value change a stored field."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from onefactory.model import BomLine, ImportRejected, Item, ItemKind, Resource, RoutingStep
from onefactory.onboard import ImportOptions
from onefactory.services import imports
from onefactory.store import open_store

from support import NOW, seed_members

MEMBER = "SUP-KR1"
PT4 = Item(
    MEMBER,
    "PT-0004",
    "Coil",
    uom="KG",
    kind=ItemKind.MAKE,
    lead_time_days=D("33.75"),
    spec="0.5 mm",
    description="copper coil, enamelled",
    whole_units=False,
    pack_size=D(25),
)
CWM = Resource(
    MEMBER,
    "CWM-1",
    "Coil winding machine 1",
    site="SUZHOU",
    kind="line",
    parallel_units=3,
    capacity_per_hour=D("42.5"),
    calendar="2-SHIFT",
    attributes={"vendor": "Nittoku", "year": "2019"},
)


@pytest.fixture
def hub():
    store = open_store("sqlite://")
    seed_members(store)
    with store.write() as tx:
        tx.items.put_many([PT4])
        tx.resources.put_many([CWM])
    return store


def load(store, kind, text):
    user = imports.cli_user(MEMBER)
    return imports.import_file(store, user, kind, text.encode(), f"{kind}.csv", ImportOptions(), NOW)


def items(store):
    with store.read() as tx:
        return {i.code: i for i in tx.items.of(MEMBER)}


def test_partial_items_file_changes_only_the_name_of_a_stored_item(hub):
    report = load(hub, "items", "item_code,item_name\nPT-0004,Renamed part\n")
    assert report.stored == 1
    assert report.notes == ["1 of 1 rows match a stored record: fields left absent or blank kept their stored values"]
    assert items(hub)["PT-0004"] == replace(PT4, name="Renamed part")


def test_blank_cells_of_present_columns_keep_the_stored_values(hub):
    text = "item_code,item_name,lead_time_days,description,uom,kind,pack_size,qty_decimals\nPT-0004,,,, ,,,\n"
    load(hub, "items", text)
    assert items(hub)["PT-0004"] == PT4


def test_a_value_in_a_cell_changes_that_field_only(hub):
    load(hub, "items", "item_code,item_name,lead_time_days,description\nPT-0004,,12,\n")
    stored = items(hub)["PT-0004"]
    assert (stored.name, stored.lead_time_days, stored.description) == ("Coil", D(12), "copper coil, enamelled")


def test_a_new_item_in_the_same_file_gets_the_documented_defaults(hub):
    load(hub, "items", "item_code,item_name,lead_time_days\nPT-0004,Renamed part,\nPT-0099,New part,\n")
    stored = items(hub)
    assert stored["PT-0099"] == Item(MEMBER, "PT-0099", "New part")
    assert (stored["PT-0099"].uom, stored["PT-0099"].lead_time_days, stored["PT-0099"].description) == (
        "EA",
        D(0),
        None,
    )
    assert (stored["PT-0004"].name, stored["PT-0004"].lead_time_days) == ("Renamed part", D("33.75"))


def test_a_rejected_partial_file_changes_nothing(hub):
    with pytest.raises(ImportRejected) as info:
        load(hub, "items", "item_code,item_name,lead_time_days\nPT-0004,Renamed part,\nPT-0099,New part,-1\n")
    assert [(e.row, e.column, e.reason) for e in info.value.errors] == [
        (2, "lead_time_days", "lead_time_days must be >= 0, got -1")
    ]
    assert items(hub) == {"PT-0004": PT4}


def test_resources_file_with_code_and_name_keeps_capacity_and_the_rest(hub):
    load(hub, "resources", "resource_code,name\nCWM-1,Winder one\nCWM-2,Winder two\n")
    with hub.read() as tx:
        stored = {r.code: r for r in tx.resources.of(MEMBER)}
    assert stored["CWM-1"] == Resource(
        MEMBER,
        "CWM-1",
        "Winder one",
        site="SUZHOU",
        kind="line",
        parallel_units=3,
        capacity_per_hour=D("42.5"),
        calendar="2-SHIFT",
        attributes={"vendor": "Nittoku", "year": "2019"},
    )
    assert stored["CWM-2"] == Resource(MEMBER, "CWM-2", "Winder two")
    assert (stored["CWM-2"].capacity_per_hour, stored["CWM-2"].parallel_units) == (D(1), 1)


def test_resource_blank_cells_keep_and_extra_columns_merge_attribute_by_attribute(hub):
    load(hub, "resources", "resource_code,name,capacity_per_hour,parallel_units,year,floor\nCWM-1,,,,,B2\n")
    with hub.read() as tx:
        stored = tx.resources.find(MEMBER, "CWM-1")
    assert stored == Resource(
        MEMBER,
        "CWM-1",
        "Coil winding machine 1",
        site="SUZHOU",
        kind="line",
        parallel_units=3,
        capacity_per_hour=D("42.5"),
        calendar="2-SHIFT",
        attributes={"vendor": "Nittoku", "year": "2019", "floor": "B2"},
    )


def test_routing_without_setup_or_alternate_keeps_them(hub):
    load(
        hub,
        "routing",
        "item_code,step_no,resource,run_min_per_unit,setup_min,alternate_resource\nPT-0004,10,CWM-1,1.5,30,CWM-2\n",
    )
    load(hub, "routing", "item_code,step_no,resource,run_hours_per_unit\nPT-0004,10,CWM-1,0.05\nPT-0004,20,CWM-1,1\n")
    with hub.read() as tx:
        steps = sorted(tx.routings.of(MEMBER), key=lambda s: s.step_no)
    assert steps == [
        RoutingStep(MEMBER, "PT-0004", 10, "CWM-1", D("3.00"), setup_min=D(30), alternate_resource="CWM-2"),
        RoutingStep(MEMBER, "PT-0004", 20, "CWM-1", D(60)),
    ]


def test_bom_reimport_keeps_scrap_and_remark_but_still_replaces_the_parent_lines(hub):
    load(
        hub,
        "bom",
        "parent,component,qty_per,scrap_pct,line_no,remark\nPT-0004,WIRE,2,5,10,enamelled\nPT-0004,BOBBIN,1,,20,\n",
    )
    load(hub, "bom", "parent,component,qty_per\nPT-0004,WIRE,3\nPT-0004,TAPE,1\n")
    with hub.read() as tx:
        lines = tx.boms.of(MEMBER)
    assert lines == [
        BomLine(MEMBER, "PT-0004", "TAPE", D(1), line_no=2),
        BomLine(MEMBER, "PT-0004", "WIRE", D(3), scrap_pct=D(5), line_no=10, remark="enamelled"),
    ]


def test_headers_only_file_says_that_no_rows_were_found(hub):
    report = load(hub, "items", "item_code,item_name\n")
    assert report.stored == 0
    assert report.warnings == ["0 data rows found: the file has headers only, so nothing is imported"]
    assert items(hub) == {"PT-0004": PT4}


def test_blank_template_says_that_no_rows_were_found(hub):
    data = imports.template("resources", "xlsx", "ko")
    report = imports.import_file(
        hub, imports.cli_user(MEMBER), "resources", data, "resources.xlsx", ImportOptions(), NOW
    )
    assert (report.stored, report.warnings) == (
        0,
        ["0 data rows found: the file has headers only, so nothing is imported"],
    )


def test_rows_that_change_nothing_count_as_already_stored(hub):
    """A code-only row and a row equal to the stored item change nothing; a new name does."""
    report = load(hub, "items", "item_code,item_name\nPT-0004,\nPT-0005,Wire\n")
    assert (report.stored, report.already_stored) == (1, 1)
    again = load(hub, "items", "item_code,item_name\nPT-0004,Coil\nPT-0005,Wire\n")
    assert (again.stored, again.already_stored) == (0, 2)
    renamed = load(hub, "items", "item_code,item_name\nPT-0004,Coil 2\nPT-0005,Wire\n")
    assert (renamed.stored, renamed.already_stored) == (1, 1) and items(hub)["PT-0004"].name == "Coil 2"


def test_a_resource_row_equal_to_the_stored_one_counts_as_already_stored(hub):
    report = load(hub, "resources", "resource_code,resource_name\nCWM-1,Coil winding machine 1\n")
    assert (report.stored, report.already_stored) == (0, 1)
