"""CSV bytes to a grid of text cells: encoding detection, delimiter sniffing, line numbers."""

from __future__ import annotations

import codecs
import csv
import io

from onefactory.model import ImportRejected, RowError

CANDIDATE_ENCODINGS = ("utf-8", "cp949")
DELIMITERS = (",", ";", "\t", "|")
Grid = list[tuple[int, list[str | None]]]


def decode(data: bytes, source: str, header_lines: int = 1) -> tuple[str, str]:
    """Decode strictly and return (text, encoding); a BOM is removed, never kept.

    Tries a BOM, then UTF-8, then CP949 (Korean Windows, a superset of EUC-KR).
    Bytes invalid in every candidate are refused naming the row and line.

    >>> decode("품목".encode("cp949"), "f.csv")
    ('품목', 'cp949')
    >>> decode(b"\\xef\\xbb\\xbfA", "f.csv")
    ('A', 'utf-8-sig')
    """
    for bom, codec, label in (
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data[len(bom) :], codec, label, source, header_lines, (label,)), label
    for index, codec in enumerate(CANDIDATE_ENCODINGS):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as exc:
            if index == len(CANDIDATE_ENCODINGS) - 1:
                raise _bad_bytes(data, exc, source, header_lines, CANDIDATE_ENCODINGS) from None
    raise AssertionError("unreachable")  # pragma: no cover


def _strict(body: bytes, codec: str, label: str, source: str, header_lines: int, tried: tuple[str, ...]) -> str:
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        raise _bad_bytes(body, exc, source, header_lines, tried) from None


def _bad_bytes(
    data: bytes, exc: UnicodeDecodeError, source: str, header_lines: int, tried: tuple[str, ...]
) -> ImportRejected:
    start = data.rfind(b"\n", 0, exc.start) + 1
    line = data.count(b"\n", 0, exc.start) + 1
    before = data[:start].decode(exc.encoding, errors="replace")
    records = sum(1 for rec in csv.reader(io.StringIO(before, newline="")) if any(rec))
    row = max(records - header_lines, 0) + 1
    bad = data[exc.start : exc.end].hex(" ")
    reason = (
        f"bytes {bad} are not valid text in any supported encoding (tried {', '.join(tried)}); "
        "save the file as CSV UTF-8 or Korean (CP949)"
    )
    return ImportRejected([RowError(row, None, reason, line=line)], source=source)


def sniff(text: str, given: str | None = None) -> str:
    """The delimiter: ``given`` if set, else the one that splits the first lines consistently.

    >>> sniff('a;"b,c";d\\n1;"2,5";3\\n')
    ';'
    >>> sniff("a\\tb\\n1\\t2\\n")
    '\\t'
    """
    if given:
        return given
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    if not lines:
        return ","
    best, best_key = ",", (False, 0)
    for delim in DELIMITERS:
        counts = [_count_outside_quotes(ln, delim) for ln in lines]
        key = (len(set(counts)) == 1 and counts[0] > 0, counts[0])
        if key > best_key:
            best, best_key = delim, key
    return best


def _count_outside_quotes(line: str, delim: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delim and not quoted:
            count += 1
    return count


def grid(text: str, delimiter: str, source: str, header_lines: int = 1) -> Grid:
    """Split decoded text into (first file line, cells) records; empty cells are None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: Grid = []
    start = 1
    try:
        for record in reader:
            out.append((start, [cell if cell != "" else None for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        reason = f"broken quoting: {exc}"
        row = max(len(out) - header_lines, 0) + 1
        raise ImportRejected([RowError(row, None, reason, line=reader.line_num)], source=source) from None
    return out
