"""The column vocabulary of every kind of file (private; see ``headers``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def normalise(label: str) -> str:
    """Fold a label for comparison: no case, spaces, ``_``, ``-`` or ``.``."""
    return re.sub(r"[\s_\-.]+", "", label).casefold()


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a kind: accepted column names, template labels, and whether it is a code."""

    name: str
    aliases: tuple[str, ...]
    ko: str
    required: bool = False
    text: bool = False
    fallback: tuple[str, ...] = ()
    primary_keys: frozenset[str] = field(init=False, repr=False)
    fallback_keys: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "primary_keys", frozenset(normalise(a) for a in self.aliases))
        object.__setattr__(self, "fallback_keys", frozenset(normalise(a) for a in self.fallback))

    @property
    def en(self) -> str:
        """The English template label (the first alias)."""
        return self.aliases[0]


ITEM = ("item_code", "item", "itemcode", "item_no", "item_number", "품목코드", "품번", "품목번호", "자재코드")
PART = ("part_no", "part", "part_number", "부품번호")
ORDER = ("order_id", "order", "order_no", "po_id", "po", "po_no", "po_number", "so_id", "주문번호", "발주번호")
LINE = ("line", "line_no", "line_number", "행번호", "순번", "항번")
LOT = ("lot", "lot_no", "lot_number", "로트", "로트번호")
QTY = ("qty", "quantity", "수량")
UOM = ("uom", "unit", "stock_uom", "base_uom", "단위")
PRICE = ("unit_price", "price", "단가", "preis", "einzelpreis")
BUYER = ("buyer", "buyer_member", "구매사", "발주사")
SELLER = ("seller", "seller_member", "supplier", "supplier_member", "vendor", "공급사", "협력사")
REMARK = ("remark", "remarks", "note", "notes", "comment", "비고", "메모")
PACK = ("pack_size", "pack_qty", "포장단위", "입수")
ASN = (
    "asn_id",
    "asn",
    "asn_no",
    "shipment",
    "shipment_no",
    "shipment_id",
    "delivery_id",
    "delivery_note",
    "출하번호",
    "납품번호",
)

SPECS: dict[str, tuple[Field, ...]] = {
    "items": (
        Field("code", ITEM, "품목코드", required=True, text=True, fallback=PART),
        Field("name", ("item_name", "name", "품목명", "품명"), "품목명"),
        Field("description", ("description", "desc", "설명", "품목설명"), "설명"),
        Field("spec", ("spec", "specification", "규격"), "규격"),
        Field("uom", UOM, "단위", text=True),
        Field("kind", ("kind", "item_kind", "조달구분"), "조달구분"),
        Field("lead_time_days", ("lead_time_days", "lead_time", "리드타임", "리드타임(일)"), "리드타임(일)"),
        Field("pack_size", PACK, "포장단위"),
        Field("qty_decimals", ("qty_decimals", "decimals", "소수자리"), "소수자리"),
        Field("whole_units", ("whole_units", "정수단위"), "정수단위"),
    ),
    "bom": (
        Field(
            "parent",
            (
                "parent",
                "parent_item",
                "parent_code",
                "parent_item_code",
                "assembly",
                "모품목",
                "모품목코드",
                "상위품목",
                "상위품목코드",
            ),
            "모품목",
            required=True,
            text=True,
        ),
        Field(
            "component",
            (
                "component",
                "component_item",
                "component_code",
                "child",
                "자품목",
                "자품목코드",
                "하위품목",
                "하위품목코드",
            ),
            "자품목",
            required=True,
            text=True,
        ),
        Field(
            "qty_per",
            ("qty_per", "qty_per_parent_unit", "quantity_per", "usage", *QTY, "소요량", "소요수량"),
            "소요량",
            required=True,
        ),
        Field("uom", ("uom", "unit", "component_uom", "단위"), "단위", text=True),
        Field("scrap_pct", ("scrap_pct", "scrap", "loss_pct", "로스율"), "로스율"),
        Field("supplier", ("supplier", "supplier_member", "공급사", "협력사"), "공급사", text=True),
        Field("line_no", LINE, "순번"),
        Field("remark", REMARK, "비고"),
    ),
    "resources": (
        Field(
            "code",
            (
                "resource_code",
                "resource",
                "code",
                "work_center",
                "workcenter",
                "wc",
                "machine",
                "설비코드",
                "설비",
                "자원코드",
                "작업장",
                "작업장코드",
            ),
            "설비코드",
            required=True,
            text=True,
        ),
        Field(
            "name",
            ("name", "resource_name", "설비명", "작업장명", "명칭"),
            "설비명",
            fallback=("description", "desc", "설명"),
        ),
        Field("site", ("site", "site_code", "사업장", "공장"), "사업장", text=True),
        Field("kind", ("kind", "type", "구분", "유형"), "유형"),
        Field("parallel_units", ("parallel_units", "machines", "units", "대수"), "대수"),
        Field("capacity_per_hour", ("capacity_per_hour", "capa_per_hour", "시간당능력"), "시간당능력"),
        Field("calendar", ("calendar", "캘린더", "근무달력"), "근무달력", text=True),
    ),
    "routing": (
        Field("item", ITEM, "품목코드", required=True, text=True, fallback=PART),
        Field(
            "step_no",
            ("op", "operation", "op_no", "step", "step_no", "seq", "공정순서", "공정번호"),
            "공정순서",
            required=True,
        ),
        Field(
            "resource",
            ("resource", "resource_code", "work_center", "wc", "설비", "작업장"),
            "설비",
            required=True,
            text=True,
        ),
        Field(
            "alternate_resource",
            ("alternate_resource", "alternate", "alt_resource", "대체설비", "대체작업장"),
            "대체설비",
            text=True,
        ),
        Field(
            "run_min_per_unit",
            ("run_min_per_unit", "minutes_per_unit", "min_per_unit", "단위작업시간(분)"),
            "단위작업시간(분)",
        ),
        Field(
            "run_hours_per_unit", ("hours_per_unit", "run_hours_per_unit", "단위작업시간(시간)"), "단위작업시간(시간)"
        ),
        Field("setup_min", ("setup_min", "setup_minutes", "준비시간(분)"), "준비시간(분)"),
    ),
    "orders": (
        Field("order_id", ORDER, "발주번호", required=True, text=True),
        Field("line_no", LINE, "순번"),
        Field("item", ITEM, "품목코드", required=True, text=True, fallback=PART),
        Field("qty", (*QTY, "order_qty", "ordered_qty", "발주수량", "주문수량"), "발주수량", required=True),
        Field("due_date", ("due_date", "due", "delivery_date", "납기", "납기일", "납기일자"), "납기일"),
        Field("uom", UOM, "단위", text=True),
        Field("unit_price", PRICE, "단가"),
        Field("buyer", BUYER, "구매사", text=True),
        Field("seller", SELLER, "공급사", text=True),
        Field("pack_size", PACK, "포장단위"),
    ),
    "inventory": (
        Field("item", ITEM, "품목코드", required=True, text=True, fallback=PART),
        Field("location", ("location", "location_code", "warehouse", "wh", "창고", "창고코드"), "창고", text=True),
        Field("bin", ("bin", "bin_code", "bin_location", "로케이션", "랙"), "로케이션", text=True),
        Field("lot", LOT, "로트번호", text=True),
        Field("on_hand", ("on_hand", "counted_qty", "stock_qty", "재고수량", "실사수량", "현재고"), "재고수량"),
        Field("delta", ("delta", "change", "movement_qty", "증감수량", "변동수량"), "증감수량"),
        Field("qty", QTY, "수량"),
        Field("uom", UOM, "단위", text=True),
    ),
    "shipments": (
        Field("number", ASN, "출하번호", required=True, text=True),
        Field("order_id", (*ORDER, "ref_id"), "발주번호", required=True, text=True),
        Field("line_no", (*LINE, "ref_line", "order_line", "po_line"), "순번", required=True),
        Field("ref_type", ("ref_type", "reference_type", "참조유형"), "참조유형"),
        Field("qty", ("shipped_qty", "ship_qty", *QTY, "출하수량", "납품수량"), "출하수량", required=True),
        Field("lot", LOT, "로트번호", text=True),
        Field("item", ITEM, "품목코드", text=True, fallback=PART),
        Field("shipped_at", ("shipped_at", "ship_date", "shipped_on", "출하일", "출하일자"), "출하일"),
        Field("carrier", ("carrier", "운송사"), "운송사"),
        Field("buyer", BUYER, "구매사", text=True),
        Field("seller", SELLER, "공급사", text=True),
    ),
    "receipts": (
        Field(
            "number",
            ("receipt_id", "receipt", "receipt_no", "gr_id", "gr_no", "goods_receipt", "입고번호"),
            "입고번호",
            required=True,
            text=True,
        ),
        Field("shipment", ASN, "출하번호", text=True),
        Field("order_id", ORDER, "발주번호", required=True, text=True),
        Field("line_no", (*LINE, "order_line", "po_line"), "순번", required=True),
        Field("lot", LOT, "로트번호", text=True),
        Field("qty", ("received_qty", *QTY, "입고수량"), "입고수량", required=True),
        Field("received_at", ("received_at", "receipt_date", "received_on", "입고일", "입고일자"), "입고일"),
        Field("buyer", BUYER, "구매사", text=True),
    ),
    "uom": (
        Field("from_uom", ("from_uom", "from", "from_unit", "변환전단위"), "변환전단위", required=True, text=True),
        Field("to_uom", ("to_uom", "to", "to_unit", "변환후단위"), "변환후단위", required=True, text=True),
        Field("factor", ("factor", "conversion_factor", "ratio", "환산계수"), "환산계수", required=True),
    ),
    "production_report": (
        Field(
            "local_time",
            ("local_time", "time", "timestamp", "datetime", "hour", "일시", "생산일시", "시각"),
            "일시",
            required=True,
        ),
        Field(
            "resource",
            ("line", "resource", "resource_code", "work_center", "라인", "설비", "작업장"),
            "라인",
            required=True,
            text=True,
        ),
        Field("good_qty", ("good_qty", "good", "output", *QTY, "양품수량", "생산수량"), "양품수량", required=True),
        Field("scrap_qty", ("scrap_qty", "scrap", "ng_qty", "불량수량"), "불량수량"),
        Field("item", ITEM, "품목코드", text=True, fallback=PART),
    ),
    "prices": (
        Field(
            "part_no",
            (*PART, *ITEM, "artikelnummer", "teilenummer", "sachnummer"),
            "품목코드",
            required=True,
            text=True,
        ),
        Field("description", ("description", "desc", "name", "item_name", "품목명", "품명", "bezeichnung"), "품목명"),
        Field("spec", ("spec", "specification", "규격"), "규격"),
        Field("qty", (*QTY, "menge"), "수량", required=True),
        Field("unit_price", PRICE, "단가"),
        Field("uom", UOM, "단위", text=True),
        Field("currency", ("currency", "통화", "währung"), "통화", text=True),
    ),
    "inspections": (
        Field("item", ITEM, "품목코드", required=True, text=True, fallback=PART),
        Field("lot", LOT, "로트번호", required=True, text=True),
        Field(
            "characteristic",
            ("characteristic", "char", "feature", "parameter", "특성", "검사항목", "측정항목", "품질특성"),
            "검사항목",
            required=True,
            text=True,
        ),
        Field("value", ("value", "measured_value", "measurement", "result", "측정값", "측정치"), "측정값"),
        Field("defects", ("defects", "defect_count", "defectives", "ng", "불량수", "결점수"), "불량수"),
        Field("sample_size", ("sample_size", "sample", "sample_qty", "시료수", "샘플수"), "시료수"),
        Field(
            "inspected_at",
            ("inspected_at", "at", "time", "timestamp", "datetime", "검사일시", "측정일시", "검사일"),
            "검사일시",
            required=True,
        ),
        Field("lsl", ("lsl", "lower_spec", "spec_low", "규격하한", "하한"), "규격하한"),
        Field("usl", ("usl", "upper_spec", "spec_high", "규격상한", "상한"), "규격상한"),
    ),
}
