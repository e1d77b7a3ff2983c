"""Text files (CSV, TSV, TXT) to a `Table`: the encoding, the separator, the records.

Reads what planners really have: UTF-8 (with or without BOM), UTF-16 or Windows-1258,
separated by `,` `;` or tab, with any line ending (CR-only from old Mac Excel too). All text
becomes NFC. A file that is UTF-8 but for a stray byte is refused naming the line, never
re-read as Windows-1258 (which would garble every other letter without a word); Windows-1258
is the fallback only for files that are not UTF-8 at all. A line with the wrong number of
cells is a problem naming it; a quote never closed is named rather than read as one cell.

Never guesses a figure (that is lib/data/numbers.py), never raises on bad input.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter

from lib.data.contract import LIMITS, Limits, Problem
from lib.data.tables import Table, table_from_records

# A long note must read as text, not as Python's "field larger than field limit": allow any
# cell up to the file-size limit (csv's limit is process-wide; it only ever grows here).
csv.field_size_limit(max(csv.field_size_limit(), LIMITS.max_bytes + 1))


def _damaged_utf8(data: bytes, file: str) -> list[Problem]:
    """Lines with bytes that are not UTF-8, if the rest is UTF-8 (else [] and try Windows-1258).

    A file with more valid UTF-8 letters than bad bytes is UTF-8 with a few damaged bytes:
    reading it as Windows-1258 would turn every Vietnamese letter into two wrong ones.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    good = sum(1 for c in text if ord(c) > 0x7F and not "\udc80" <= c <= "\udcff")
    if good < max(bad, 1):
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stray = [c for c in line if "\udc80" <= c <= "\udcff"]
        if stray:
            problems.append(Problem(file, str(number), "", "bad_utf8", f"0x{ord(stray[0]) - 0xDC00:02X}"))
        if len(problems) == 5:
            break
    return problems


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem], str]:
    """Bytes to NFC text and the encoding's name: UTF-8 (BOM or not), UTF-16, Windows-1258."""
    if not data.strip():
        return None, [Problem(file, "", "", "empty_file")], ""
    attempts: list[tuple[str, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = [("utf-8-sig", "UTF-8")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = [("utf-16", "UTF-16")]
    elif b"\x00" in data:
        # UTF-16 without a BOM has a zero in most odd (little-endian) bytes of ASCII text.
        if len(data) % 2 == 0 and data[1::2].count(0) >= 0.6 * (len(data) // 2):
            attempts = [("utf-16-le", "UTF-16")]
        else:
            return None, [Problem(file, "", "", "not_text", expected="UTF-8 CSV")], ""
    else:
        attempts = [("utf-8", "UTF-8"), ("cp1258", "Windows-1258")]
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            damaged = _damaged_utf8(data, file) if codec.startswith("utf-8") else []
            if damaged:
                return None, damaged, ""
            continue
        # Windows-1258 writes tone marks as combining characters, macOS decomposes: compose.
        return unicodedata.normalize("NFC", text), [], name
    return None, [Problem(file, "", "", "not_text", expected="UTF-8, UTF-16, Windows-1258")], ""


def _records(text: str, delimiter: str) -> list[list[str]]:
    # newline="": csv sees \r, \n and \r\n line ends itself (old Mac Excel writes CR only).
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def detect_delimiter(text: str) -> str:
    """`,` `;` or tab: the one that splits the first lines into the most rows of one width."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            records = [r for r in _records(sample, delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        widths = Counter(len(r) for r in records)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unclosed_quote(text: str, last_start: int, delimiter: str) -> bool:
    """Whether the last record (from physical line `last_start`) opens a quote it never closes."""
    tail = "".join(io.StringIO(text, newline="").readlines()[last_start - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def read_csv_text(
    text: str, file: str, delimiter: str = ",", limits: Limits = LIMITS
) -> tuple[Table | None, list[Problem]]:
    """Parse delimited text; rows with the wrong number of cells are problems, blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[str, list[str]]] = []
    last_start = 1
    try:
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            numbered.append((str(len(numbered) + 1), [c.strip() for c in cells]))
            last_start = start
    except csv.Error as exc:
        return None, [Problem(file, str(len(numbered) + 1), "", "bad_csv", value=str(exc))]
    if numbered and any("\n" in c or "\r" in c for c in numbered[-1][1]):
        if _unclosed_quote(text, last_start, delimiter):
            return None, [Problem(file, numbered[-1][0], "", "unclosed_quote")]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    return table_from_records(file, numbered, strict_width=True, limits=limits)
