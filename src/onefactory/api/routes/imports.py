"""File imports (CSV/XLSX, all rows or none) and downloadable templates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Response, UploadFile

from onefactory.api.deps import RuntimeDep, UserDep
from onefactory.services import imports

router = APIRouter(tags=["imports"])
MAX_BYTES = 20 * 1024 * 1024


@router.post("/imports/{kind}")
async def import_file(
    kind: str,
    rt: RuntimeDep,
    user: UserDep,
    file: Annotated[UploadFile, File()],
    inventory_mode: Annotated[Literal["snapshot", "movement"] | None, Form()] = None,
    delimiter: Annotated[str | None, Form()] = None,
    decimal: Annotated[str | None, Form()] = None,
    thousands: Annotated[str | None, Form()] = None,
    sheet: Annotated[str | None, Form()] = None,
    timezone: Annotated[str | None, Form()] = None,
    columns: Annotated[str | None, Form()] = None,
    buyer: Annotated[str | None, Form(description="buyer member when an order file has no buyer column")] = None,
    seller: Annotated[str | None, Form(description="seller member when an order file has no seller column")] = None,
    due_date: Annotated[date | None, Form(description="due date (YYYY-MM-DD) when an order file has none")] = None,
) -> dict[str, Any]:
    """Import a file for the caller's member; a 422 lists every bad row (row, line, column, value, reason)."""
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        from onefactory.model import InvalidData

        raise InvalidData(f"file is larger than {MAX_BYTES} bytes", field="file")
    opts = imports.options_from(
        {
            "inventory_mode": inventory_mode,
            "delimiter": delimiter,
            "decimal": decimal,
            "thousands": thousands,
            "sheet": sheet,
            "timezone": timezone,
            "columns": columns,
            "buyer": buyer,
            "seller": seller,
            "due_date": due_date,
        }
    )
    tolerance = rt.settings.receipt_over_tolerance_pct
    report = imports.import_file(
        rt.store, user, kind, data, file.filename or "upload", opts, rt.now(), receipt_tolerance_pct=tolerance
    )
    return report.summary()


@router.get("/templates/{kind}.{fmt}")
def template(kind: str, fmt: Literal["csv", "xlsx"], lang: Literal["ko", "en"] = "ko") -> Response:
    """A blank import file for ``kind`` with its headers in Korean or English."""
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    headers = {"Content-Disposition": f'attachment; filename="{kind}-template-{lang}.{fmt}"'}
    return Response(imports.template(kind, fmt, lang), media_type=media, headers=headers)


@router.get("/exports/{kind}.{fmt}")
def export(
    kind: Literal["items", "resources"],
    fmt: Literal["csv", "xlsx"],
    rt: RuntimeDep,
    user: UserDep,
    lang: Literal["ko", "en"] = "en",
) -> Response:
    """The caller's member's item master or resources, every cell exactly as stored (codes as text)."""
    data = imports.export(rt.store, user, kind, fmt, lang, rt.now())
    media = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    headers = {"Content-Disposition": f'attachment; filename="{user.member}-{kind}.{fmt}"'}
    return Response(data, media_type=media, headers=headers)
