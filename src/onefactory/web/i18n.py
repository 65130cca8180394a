"""Every UI string of the dashboard, one catalogue per language, and language choice.

>>> text("ko", "nav.orders")
'주문'
>>> choose_language(None, None, "ko-KR,ko;q=0.9,en;q=0.8")
'ko'
"""

from __future__ import annotations

LANGUAGES = ("ko", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "app.title": "onefactory",
        "app.tagline": "One factory across the cluster",
        "nav.overview": "Cluster", "nav.orders": "Orders", "nav.inventory": "Inventory",
        "nav.telemetry": "Telemetry", "nav.alarms": "Alarms", "nav.sharing": "Sharing",
        "nav.logout": "Log out", "nav.language": "Language",
        "login.title": "Log in", "login.token": "API token", "login.submit": "Log in",
        "login.help": "Paste the API token your member admin gave you.",
        "login.demo": "Demo accounts", "login.invalid": "This token is not valid.",
        "login.as": "Log in as",
        "overview.title": "Cluster overview", "overview.members": "Members",
        "overview.links": "Who supplies whom", "overview.by_status": "Order lines by status",
        "overview.diagram": "Supply tiers", "overview.no_links": "No supply links yet.",
        "col.code": "Code", "col.name": "Name", "col.role": "Role", "col.supplier": "Supplier",
        "col.customer": "Customer", "col.open_lines": "Open lines", "col.status": "Status",
        "col.count": "Lines", "col.order": "Order", "col.buyer": "Buyer", "col.seller": "Seller",
        "col.created": "Created", "col.lines": "Lines", "col.line": "Line", "col.item": "Item",
        "col.qty": "Qty", "col.due": "Due", "col.confirmed": "Confirmed", "col.shipped": "Shipped",
        "col.received": "Received", "col.actions": "Actions", "col.when": "When", "col.event": "Event",
        "col.by": "By", "col.reason": "Reason", "col.number": "Number", "col.location": "Location",
        "col.lot": "Lot", "col.member": "Member", "col.resource": "Resource", "col.signal": "Signal",
        "col.samples": "Samples", "col.severity": "Severity", "col.kind": "Kind", "col.message": "Message",
        "col.grantee": "Grantee", "col.scope": "Scope", "col.since": "Since", "col.revoked": "Revoked",
        "col.reader": "Reader", "col.data": "Data", "col.basis": "Basis", "col.subject": "Subject",
        "col.from": "From", "col.to": "To", "col.version": "Version", "col.flags": "Flags",
        "role.lead": "Lead firm", "role.tier1": "Tier 1", "role.tier2": "Tier 2", "role.logistics": "Logistics",
        "orders.title": "Orders", "orders.empty": "No orders yet.", "orders.page": "Page {page} of {pages}",
        "orders.prev": "Previous", "orders.next": "Next", "orders.total": "{total} orders",
        "orders.we_buy": "we buy", "orders.we_sell": "we sell",
        "order.title": "Order {id}", "order.lines": "Lines", "order.history": "History",
        "order.shipments": "Shipments", "order.receipts": "Receipts", "order.tiers": "Tiers below",
        "order.tiers_help": "Orders of the suppliers that serve this order, tier by tier.",
        "order.not_shared": "not shared with you", "order.no_tiers": "No supplier orders found for these items.",
        "order.production": "Production orders serving this order",
        "order.production_none": "No production orders serve this order.",
        "order.none": "None.", "order.done": "Done: {action}.", "order.change": "Change requested by {side}",
        "order.note": "Note", "order.back": "All orders", "order.open_lines": "{n} open lines",
        "action.confirm": "Confirm", "action.reject": "Reject", "action.request_change": "Request change",
        "action.accept_change": "Accept change", "action.decline_change": "Decline change",
        "action.start_production": "Start production", "action.close": "Close", "action.cancel": "Cancel",
        "action.reason": "Reason", "action.new_qty": "New qty", "action.new_date": "New date",
        "action.none": "—",
        "status.proposed": "Proposed", "status.confirmed": "Confirmed",
        "status.partially_confirmed": "Partially confirmed", "status.rejected": "Rejected",
        "status.change_requested": "Change requested", "status.accepted": "Accepted",
        "status.in_production": "In production", "status.partially_shipped": "Partially shipped",
        "status.shipped": "Shipped", "status.partially_received": "Partially received",
        "status.received": "Received", "status.closed": "Closed", "status.cancelled": "Cancelled",
        "status.mixed": "Mixed",
        "event.issued": "Issued", "event.change_declined": "Change declined", "event.accepted": "Change accepted",
        "inventory.title": "Inventory", "inventory.empty": "No stock recorded.",
        "inventory.own": "our stock", "inventory.granted": "shared with us",
        "inventory.help": "Our stock and the stock of members who share their inventory with us. "
                          "Each read of a partner's stock is logged for that partner.",
        "telemetry.title": "Telemetry", "telemetry.empty": "No telemetry you may see yet.",
        "telemetry.help": "Charts refresh every few seconds.", "telemetry.nojs": "Live charts need JavaScript.",
        "telemetry.latest": "Latest", "telemetry.points": "points",
        "alarms.title": "Alarms", "alarms.empty": "No alarms.", "alarms.notifications": "Notifications",
        "alarms.no_notifications": "No notifications.",
        "sharing.title": "Sharing", "sharing.given": "Grants we have given", "sharing.none": "No grants given.",
        "sharing.give": "Share data", "sharing.give_submit": "Share", "sharing.revoke": "Revoke",
        "sharing.everyone": "Everyone in the cluster", "sharing.log": "Who read our data",
        "sharing.log_empty": "Nobody outside our company has read our data.",
        "sharing.admin_only": "Only a member admin can give or revoke grants.", "sharing.active": "active",
        "sharing.done": "Saved.",
        "scope.inventory": "Inventory", "scope.capacity": "Capacity", "scope.production": "Production",
        "scope.telemetry": "Telemetry", "scope.quality": "Quality", "scope.items": "Items",
        "error.title": "Something went wrong", "error.not_found": "Not found.",
        "error.forbidden": "You are not allowed to do this.", "error.conflict": "Someone changed this meanwhile; "
                          "the page shows the current state.",
        "error.invalid": "The request was not valid.", "error.back": "Back to the overview",
        "error.csrf": "The form expired; please try again.",
    },
    "ko": {
        "app.title": "onefactory",
        "app.tagline": "클러스터 전체를 하나의 공장처럼",
        "nav.overview": "클러스터", "nav.orders": "주문", "nav.inventory": "재고",
        "nav.telemetry": "설비 데이터", "nav.alarms": "알람", "nav.sharing": "데이터 공유",
        "nav.logout": "로그아웃", "nav.language": "언어",
        "login.title": "로그인", "login.token": "API 토큰", "login.submit": "로그인",
        "login.help": "회사 관리자에게 받은 API 토큰을 붙여 넣으세요.",
        "login.demo": "데모 계정", "login.invalid": "유효하지 않은 토큰입니다.",
        "login.as": "다음 계정으로 로그인",
        "overview.title": "클러스터 현황", "overview.members": "참여 기업",
        "overview.links": "공급 관계", "overview.by_status": "상태별 주문 라인",
        "overview.diagram": "공급 계층", "overview.no_links": "아직 공급 관계가 없습니다.",
        "col.code": "코드", "col.name": "이름", "col.role": "역할", "col.supplier": "공급사",
        "col.customer": "고객사", "col.open_lines": "미결 라인", "col.status": "상태",
        "col.count": "라인 수", "col.order": "주문", "col.buyer": "구매사", "col.seller": "판매사",
        "col.created": "생성일", "col.lines": "라인", "col.line": "라인", "col.item": "품목",
        "col.qty": "수량", "col.due": "납기", "col.confirmed": "확정", "col.shipped": "출하",
        "col.received": "입고", "col.actions": "작업", "col.when": "일시", "col.event": "이벤트",
        "col.by": "수행자", "col.reason": "사유", "col.number": "번호", "col.location": "위치",
        "col.lot": "로트", "col.member": "기업", "col.resource": "설비", "col.signal": "신호",
        "col.samples": "샘플 수", "col.severity": "심각도", "col.kind": "종류", "col.message": "내용",
        "col.grantee": "공유 대상", "col.scope": "범위", "col.since": "시작", "col.revoked": "철회",
        "col.reader": "열람자", "col.data": "데이터", "col.basis": "근거", "col.subject": "제목",
        "col.from": "보낸 곳", "col.to": "받는 곳", "col.version": "버전", "col.flags": "표시",
        "role.lead": "모기업", "role.tier1": "1차 협력사", "role.tier2": "2차 협력사", "role.logistics": "물류",
        "orders.title": "주문", "orders.empty": "아직 주문이 없습니다.", "orders.page": "{page} / {pages} 쪽",
        "orders.prev": "이전", "orders.next": "다음", "orders.total": "주문 {total}건",
        "orders.we_buy": "구매", "orders.we_sell": "판매",
        "order.title": "주문 {id}", "order.lines": "주문 라인", "order.history": "이력",
        "order.shipments": "출하", "order.receipts": "입고", "order.tiers": "하위 계층",
        "order.tiers_help": "이 주문을 지원하는 협력사들의 주문을 계층별로 보여 줍니다.",
        "order.not_shared": "공유되지 않음", "order.no_tiers": "이 품목에 대한 협력사 주문이 없습니다.",
        "order.production": "이 주문을 위한 생산 지시",
        "order.production_none": "이 주문을 위한 생산 지시가 없습니다.",
        "order.none": "없음.", "order.done": "완료: {action}.", "order.change": "{side} 측 변경 요청",
        "order.note": "메모", "order.back": "전체 주문", "order.open_lines": "미결 라인 {n}개",
        "action.confirm": "확정", "action.reject": "거절", "action.request_change": "변경 요청",
        "action.accept_change": "변경 수락", "action.decline_change": "변경 거절",
        "action.start_production": "생산 시작", "action.close": "종결", "action.cancel": "취소",
        "action.reason": "사유", "action.new_qty": "새 수량", "action.new_date": "새 납기",
        "action.none": "—",
        "status.proposed": "제안됨", "status.confirmed": "확정됨",
        "status.partially_confirmed": "부분 확정", "status.rejected": "거절됨",
        "status.change_requested": "변경 요청됨", "status.accepted": "변경 수락됨",
        "status.in_production": "생산 중", "status.partially_shipped": "부분 출하",
        "status.shipped": "출하 완료", "status.partially_received": "부분 입고",
        "status.received": "입고 완료", "status.closed": "종결", "status.cancelled": "취소됨",
        "status.mixed": "혼합",
        "event.issued": "발행", "event.change_declined": "변경 거절됨", "event.accepted": "변경 수락됨",
        "inventory.title": "재고", "inventory.empty": "기록된 재고가 없습니다.",
        "inventory.own": "자사 재고", "inventory.granted": "공유받은 재고",
        "inventory.help": "자사 재고와 재고를 공유한 기업의 재고입니다. "
                          "다른 기업의 재고를 열람하면 해당 기업에 기록이 남습니다.",
        "telemetry.title": "설비 데이터", "telemetry.empty": "열람 가능한 설비 데이터가 없습니다.",
        "telemetry.help": "차트는 몇 초마다 새로 고쳐집니다.",
        "telemetry.nojs": "실시간 차트는 JavaScript가 필요합니다.",
        "telemetry.latest": "최근값", "telemetry.points": "개 데이터",
        "alarms.title": "알람", "alarms.empty": "알람이 없습니다.", "alarms.notifications": "알림",
        "alarms.no_notifications": "알림이 없습니다.",
        "sharing.title": "데이터 공유", "sharing.given": "우리가 제공한 공유 권한",
        "sharing.none": "제공한 권한이 없습니다.",
        "sharing.give": "데이터 공유하기", "sharing.give_submit": "공유", "sharing.revoke": "철회",
        "sharing.everyone": "클러스터 전체", "sharing.log": "우리 데이터 열람 기록",
        "sharing.log_empty": "외부 기업이 우리 데이터를 열람한 기록이 없습니다.",
        "sharing.admin_only": "기업 관리자만 공유 권한을 주거나 철회할 수 있습니다.", "sharing.active": "유효",
        "sharing.done": "저장했습니다.",
        "scope.inventory": "재고", "scope.capacity": "생산 능력", "scope.production": "생산",
        "scope.telemetry": "설비 데이터", "scope.quality": "품질", "scope.items": "품목",
        "error.title": "문제가 발생했습니다", "error.not_found": "찾을 수 없습니다.",
        "error.forbidden": "이 작업을 할 권한이 없습니다.", "error.conflict": "그 사이에 다른 사용자가 변경했습니다. "
                          "현재 상태를 보여 드립니다.",
        "error.invalid": "요청이 올바르지 않습니다.", "error.back": "현황으로 돌아가기",
        "error.csrf": "양식이 만료되었습니다. 다시 시도해 주세요.",
    },
}


def text(lang: str, key: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (English, then the key itself, as fallbacks)."""
    template = MESSAGES.get(lang, MESSAGES["en"]).get(key) or MESSAGES["en"].get(key, key)
    return template.format(**values) if values else template


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """``?lang=`` first, then the cookie, then Korean if the browser prefers it over English."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    return "ko" if _prefers_korean(accept_language or "") else "en"


def _prefers_korean(header: str) -> bool:
    weights: dict[str, float] = {}
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        base = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        weights[base] = max(weights.get(base, 0.0), q)
    return weights.get("ko", 0.0) > 0 and weights.get("ko", 0.0) >= weights.get("en", 0.0)
