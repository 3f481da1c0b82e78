"""Intake use cases: read an AE's notes file (any common encoding) and draft a brief from it.

``read_notes`` owns the file: UTF-8 first (with or without BOM), UTF-16 with a BOM, then the
encoding ``charset-normalizer`` finds (GBK/GB18030 preferred among equally good guesses, since
that is what Chinese Windows writes). Empty and binary files are rejected with a message naming the
file. Line ends become ``\\n``; the spans of the result are offsets into that text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from aeflow.engines.intake import IntakeResult, Lexicon, parse_notes, to_brief
from aeflow.engines.intake.lexicon import FILES
from aeflow.errors import ExportFailed, ImportFailed, NotFound
from aeflow.i18n import _

CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "cp936")
MAX_BYTES = 200_000  # ~100 pages of notes; parsing time grows with length


@cache
def load_lexicon() -> Lexicon:
    """The dictionaries shipped under ``aeflow/data/intake/`` (read once per process)."""
    folder = resources.files("aeflow") / "data" / "intake"
    data = {}
    names = {}
    for stem in FILES:
        entry = folder / f"{stem}.yaml"
        names[stem] = f"aeflow/data/intake/{stem}.yaml"
        data[stem] = yaml.safe_load(entry.read_text(encoding="utf-8"))
    return Lexicon.from_data(data, names)


def decode(raw: bytes, name: str) -> str:
    """The text of a notes file, or :class:`ImportFailed` for an empty or binary file."""
    if not raw.strip() or not raw.replace(b"\xef\xbb\xbf", b"").strip():
        raise ImportFailed(_("{file}: the notes file is empty", file=name), file=name)
    text: str | None = None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" not in raw:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _guess(raw)
    if text is None or _looks_binary(text):
        raise ImportFailed(_("{file}: this is not a text file (binary content); save the notes as plain text",
                             file=name), file=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFailed(_("{file}: the notes file is empty", file=name), file=name)
    return text


def _guess(raw: bytes) -> str | None:
    matches = list(from_bytes(raw))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    for m in matches:
        if m.encoding.lower().replace("-", "").replace("_", "") in CHINESE_ENCODINGS and m.chaos <= best + 0.1:
            return str(m)
    return str(matches[0])


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 100)


def read_notes(path: Path) -> str:
    """The notes file as text (see the module docstring for encodings)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=str(path)), file=str(path)) from None
    except IsADirectoryError:
        raise ImportFailed(_("{file}: is a folder, not a notes file", file=str(path)), file=str(path)) from None
    except OSError as exc:
        raise ImportFailed(_("{path}: the file cannot be read: {reason}", path=str(path),
                             reason=exc.strerror or str(exc)), file=str(path)) from None
    if len(raw) > MAX_BYTES:
        raise ImportFailed(_("{file}: too large for meeting notes (more than {limit} bytes)", file=str(path),
                             limit=MAX_BYTES), file=str(path))
    return decode(raw, str(path))


def parse_text(text: str, ref_date: dt.date | None = None) -> IntakeResult:
    """Draft a brief from notes text, with the shipped dictionaries; ``ref_date`` defaults to today."""
    return parse_notes(text, ref_date or dt.date.today(), load_lexicon())


def intake(path: Path, ref_date: dt.date | None = None) -> IntakeResult:
    """Read a notes file and draft a brief from it."""
    return parse_text(read_notes(path), ref_date)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def draft_documents(result: IntakeResult, source: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two YAML documents of a draft: ``{brief: …}`` and ``{project: …, open_questions: […]}``.

    The first is a ``brief:`` mapping to paste into a project file. The second holds what belongs
    elsewhere in a project file (campaign type, dates, channels, currency, budget total, the
    client's stakeholders) and the open questions, each ``{code, question}``.
    """
    brief = to_brief(result).model_dump(mode="python", exclude_defaults=True)
    project: dict[str, Any] = {}
    if result.campaign_type:
        project["campaign_type"] = result.campaign_type
    for key, value in (("kickoff", result.kickoff), ("launch", result.launch_date), ("flight_end", result.deadline)):
        if value is not None:
            project[key] = value
    if result.channels:
        project["channels"] = list(result.channels)
    b = result.budget
    if b is not None:
        project["currency"] = b.currency
        if b.amount is not None and not b.period and b.amount_max is None:
            project["budget"] = {"total": Decimal(str(round(b.amount, 2)))}
    if result.stakeholders:
        project["client"] = {"stakeholders": [
            {k: v for k, v in (("name", s.name), ("title", s.title), ("decision_maker", s.decision_maker)) if v}
            for s in result.stakeholders]}
    second: dict[str, Any] = {"intake": {"source": source, "ref_date": result.ref_date}} if source else {
        "intake": {"ref_date": result.ref_date}}
    second["project"] = project
    second["open_questions"] = [{"code": q.code, "question": q.text} for q in result.open_questions]
    return _plain({"brief": brief}), _plain(second)


def draft_yaml(result: IntakeResult, source: str | None = None) -> str:
    """The draft as YAML text: a commented header listing the open questions, then two documents."""
    first, second = draft_documents(result, source)
    lines = [_("# Draft brief from {source}, made by aeflow intake (reference date {date}).",
               source=source or "-", date=result.ref_date.isoformat()),
             _("# Document 1 is a brief: mapping for a project file; document 2 holds the project fields "
               "found (dates, channels, budget, stakeholders) and the open questions."),
             _("# Open questions to ask the client before planning:")]
    lines += [f"#  {i}. {q.text}" for i, q in enumerate(result.open_questions, start=1)] or [_("#  (none)")]
    dump = partial(yaml.safe_dump, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100)
    return "\n".join(lines) + "\n" + dump(first) + "---\n" + dump(second)


def write_draft(result: IntakeResult, path: Path, source: str | None = None) -> None:
    """Write the draft atomically (a half-written draft never replaces a file)."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(draft_yaml(result, source), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise ExportFailed(_("{path}: the file cannot be written: {reason}", path=str(path),
                             reason=exc.strerror or str(exc)), file=str(path)) from None
