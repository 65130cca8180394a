"""Supplier onboarding: CSV/XLSX files in, model objects out (or every bad row); files out.

Pure: bytes in, values out; no database, no HTTP. How the modules relate:

- ``reading``  bytes -> :class:`Table` (encoding, delimiter, header row, merged cells)
- ``headers``  column names per kind, Korean and English, matched to fields
- ``values``   one cell -> code, decimal, date, UTC time
- ``kinds``    :func:`parse` a whole file of one kind -> :class:`ImportResult`
               (all rows or :class:`~onefactory.model.ImportRejected` listing every bad row)
- ``merge``    a stored master record updated by only the cells that hold a value
- ``templates`` and ``export``  files for users to fill in or to take away

Example:
    >>> from onefactory.onboard import parse, ImportOptions
    >>> data = b"part_no;menge_kg\\n3.03.001.00514;1.299,99\\n"
    >>> line = parse("prices", data, "eu.csv", member="SUP-EU1",
    ...              options=ImportOptions(decimal=",")).records[0]
    >>> line.part_no, line.qty, line.uom
    ('3.03.001.00514', Decimal('1299.99'), 'kg')
"""

from .export import cell_text, export_items, export_resources, export_rows
from .headers import Columns, fields, resolve, unit_suffix
from .kinds import KINDS, parse, parse_table, preview, preview_table
from .merge import merge, merge_many, record_key
from .options import ImportOptions, InventoryMode
from .reading import read_table
from .records import ImportResult, PriceLine, ProductionReportLine
from .table import Row, Table
from .templates import template, template_fields
from .values import (
    classify_local,
    parse_date,
    parse_decimal,
    parse_int,
    parse_local_time,
    parse_text,
    to_utc,
)

__all__ = [
    "KINDS",
    "Columns",
    "ImportOptions",
    "ImportResult",
    "InventoryMode",
    "PriceLine",
    "ProductionReportLine",
    "Row",
    "Table",
    "cell_text",
    "classify_local",
    "export_items",
    "export_resources",
    "export_rows",
    "fields",
    "merge",
    "merge_many",
    "parse",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "parse_local_time",
    "parse_table",
    "parse_text",
    "preview",
    "preview_table",
    "read_table",
    "record_key",
    "resolve",
    "template",
    "template_fields",
    "to_utc",
    "unit_suffix",
]
