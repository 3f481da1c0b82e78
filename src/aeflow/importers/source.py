"""Turning whatever file a platform gave us into UTF-8 delimited text DuckDB can read.

Detects the encoding (BOM, UTF-8, then charset-normalizer; the GB family is read as GB18030, its
superset), transcodes non-UTF-8 files in one streaming pass, converts ``.xlsx`` sheets to CSV,
finds the delimiter, and keeps a parsed sample of the first lines for header and type detection.
Line numbers are kept: line *n* of the UTF-8 copy is row *n* of the original file or sheet.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import mmap
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from aeflow.errors import ImportFailed
from aeflow.files import detail, not_a_workbook, unreadable_reason
from aeflow.i18n import _

SAMPLE_BYTES = 1 << 20
SAMPLE_ROWS = 2000
CHUNK = 4 << 20
WINDOW = (64 << 20) // mmap.ALLOCATIONGRANULARITY * mmap.ALLOCATIONGRANULARITY
"""Bytes of a file mapped at once (64 MiB; a multiple of the mapping granularity)."""
_GB = {"gb2312", "gbk", "gb18030", "cp936", "hz", "hz_gb_2312", "big5", "big5hkscs", "cp950"}

Progress = Callable[[str, float], None]


@dataclass
class Source:
    """A file ready for the bulk reader."""

    path: Path
    csv_path: Path
    encoding: str
    delimiter: str
    rows: list[list[str]]
    """The sample: parsed rows from the top of the file (title lines, header, first data rows)."""
    line_of: list[int]
    """1-based line number of each sample row."""
    complete: bool
    """True when the sample holds the whole file."""
    size: int = 0
    temp_dir: Path | None = field(default=None, repr=False)


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8``, ``gb18030`` … — never a guess that would produce mojibake."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:4096]
    if head and head.count(0) > len(head) // 4:
        odd = head[1::2].count(0)
        return "utf-16-le" if odd >= head[0::2].count(0) else "utf-16-be"
    cut = _complete_lines(sample)
    try:
        cut.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(cut).best()
    guess = (best.encoding if best else "").lower().replace("-", "_")
    if guess in _GB or _decodes(cut, "gb18030"):
        return "gb18030"
    if best is None:
        raise ImportFailed(_("the encoding of the file cannot be recognised"))
    return best.encoding


def _complete_lines(sample: bytes) -> bytes:
    if len(sample) < SAMPLE_BYTES:
        return sample
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


def sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for delim in ("\t", ",", ";", "|"):
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in lines if line.strip()]
        if not counts:
            continue
        score = max(counts) * 10 + sum(1 for c in counts if c == max(counts))
        if max(counts) > 1 and score > best_score:
            best, best_score = delim, score
    return best


@contextmanager
def open_source(path: Path, progress: Progress | None = None) -> Iterator[Source]:
    """The file as a :class:`Source`; temporary copies are removed on exit."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except FileNotFoundError:
        raise ImportFailed(_("file {file} not found", file=str(path)), file=str(path)) from None
    except OSError as exc:
        raise ImportFailed(_("{file} cannot be read: {reason}", file=str(path), reason=unreadable_reason(exc)),
                           file=str(path), detail=detail(exc)) from None
    temp_dir = Path(tempfile.mkdtemp(prefix="aeflow-import-"))
    try:
        if not head.strip():
            raise ImportFailed(_("{file} is empty", file=path.name), file=str(path))
        if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
            csv_path = temp_dir / "sheet.csv"
            _xlsx_to_csv(path, csv_path)
            encoding, delimiter = "xlsx", ","
        else:
            encoding = detect_encoding(head)
            if encoding in ("utf-8", "utf-8-sig"):
                csv_path = path
            else:
                csv_path = temp_dir / "utf8.csv"
                _transcode(path, csv_path, encoding, progress)
            delimiter = ""
        with csv_path.open("r", encoding="utf-8-sig", newline="") as fh:
            text = fh.read(SAMPLE_BYTES)
            complete = len(fh.read(1)) == 0
        if not complete:
            text = text[: text.rfind("\n") + 1]
        if not delimiter:
            delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text.splitlines()[:60])
        rows, lines = _parse_sample(text, delimiter)
        yield Source(path=path, csv_path=csv_path, encoding=encoding, delimiter=delimiter, rows=rows,
                     line_of=lines, complete=complete, size=path.stat().st_size, temp_dir=temp_dir)
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)


def _parse_sample(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error as exc:
        raise ImportFailed(_("the file is not readable as a table: {reason}", reason=str(exc))) from None
    return rows, lines


def _transcode(src: Path, dst: Path, encoding: str, progress: Progress | None) -> None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    total = max(src.stat().st_size, 1)
    done = 0
    try:
        with src.open("rb") as fin, dst.open("w", encoding="utf-8", newline="") as fout:
            while chunk := fin.read(CHUNK):
                fout.write(decoder.decode(chunk))
                done += len(chunk)
                if progress:
                    progress("transcode", done / total)
            fout.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise ImportFailed(_("the file is not valid {encoding} text near byte {offset}",
                             encoding=encoding, offset=done + exc.start)) from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value).replace("\r", " ").replace("\n", " ")


def _xlsx_to_csv(src: Path, dst: Path) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(src, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:  # a CSV or an old .xls saved under the .xlsx name
        raise ImportFailed(not_a_workbook(src.name), file=str(src), detail=detail(exc)) from None
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for a broken file
        raise ImportFailed(_("{file} is not a readable .xlsx workbook: {reason}", file=src.name,
                             reason=str(exc) or type(exc).__name__)) from None
    try:
        sheet = book.active or book.worksheets[0]
        with dst.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            for row in sheet.iter_rows(values_only=True):
                writer.writerow([_cell(v) for v in row])
    finally:
        book.close()


def count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            n += chunk.count(b"\n")
    return n


def has_quote(path: Path) -> bool:
    """Whether the file holds a ``"`` anywhere. Searched in mapped windows of the file, so nothing
    is copied and at most one window is resident at a time."""
    size = os.path.getsize(path)
    with path.open("rb") as fh:
        for offset in range(0, size, WINDOW):
            with mmap.mmap(fh.fileno(), min(WINDOW, size - offset), offset=offset, access=mmap.ACCESS_READ) as view:
                if view.find(b'"') >= 0:
                    return True
    return False


def file_size(path: Path) -> int:
    return os.path.getsize(path)
