"""The text a person or a search would find in each kind of document (for the audience tests)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from html import unescape
from pathlib import Path


def office_text(data: bytes) -> str:
    """Every XML part of an Office file, embedded workbooks included, tags removed."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.endswith((".xlsx", ".xlsm")):
                out.append(office_text(raw))
            elif name.endswith((".xml", ".rels")):
                out.append(unescape(re.sub(r"<[^>]+>", " ", raw.decode("utf-8"))))
    return "\n".join(out)


def ics_text(data: bytes) -> str:
    """The calendar unfolded (RFC 5545 continuation lines joined), escapes undone."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return text.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")


def pdf_text(data: bytes, tmp: Path) -> str:
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed"
    path = tmp / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def text_of(fmt: str, data: bytes, tmp: Path) -> str:
    if fmt in ("pptx", "xlsx"):
        return office_text(data)
    if fmt == "ics":
        return ics_text(data)
    if fmt == "pdf":
        return pdf_text(data, tmp)
    return data.decode("utf-8")
