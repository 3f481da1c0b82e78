"""The project file: one human-editable YAML file per project (keys in English).

Reading keeps the line of every key so that each problem can be reported as ``file:line: field``;
duplicate keys, which YAML would otherwise resolve silently, are problems too. Numbers with a
decimal point are read as :class:`~decimal.Decimal`, so money survives file → database → file
exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from aeflow.domain.common import Stage
from aeflow.domain.project import SCHEMA_VERSION, Project
from aeflow.domain.validation import parse_project
from aeflow.errors import ExportFailed, Invalid, NotFound, Problem
from aeflow.files import detail, unreadable_reason
from aeflow.i18n import CATALOG_DIRS, N_, _, language
from aeflow.storage.yamlsyntax import explain

Path_ = tuple[str | int, ...]

BASE_VERSION = "base_version"
"""The top-level key an exported file carries: the version it was exported from. It is not part of
the project (the loader takes it off before validation); ``aeflow import --replace`` compares it with
the project's current version so that a file based on an old version cannot undo newer changes."""

_HEADER = (
    N_("# aeflow project file — edit freely; check with `aeflow validate FILE`."),
    N_("# The JSON Schema of this format: `aeflow schema`."),
)
_BASE_NOTE = N_(
    "# base_version: the version this file was exported from; `aeflow import FILE --replace` refuses it "
    "if the project has changed since."
)


@dataclass(frozen=True)
class ProjectFile:
    """What a project file holds besides the project: the version it was exported from (``None``
    for a hand-written file) and its leading comment block (without aeflow's own header lines)."""

    project: Project
    base_version: int | None = None
    header: str = ""


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads floats as Decimal (exact money), leaves dates and times as text for the
    model to parse (so a bad date is a located problem, not a crash), and has no base-60 numbers
    (``10:00`` stays a time, not 600)."""


def _own_resolvers() -> None:
    import re

    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        table[first] = [(tag, rx) for tag, rx in resolvers
                        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                                       "tag:yaml.org,2002:float")]
    _Loader.yaml_implicit_resolvers = table
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
        list("-+0123456789"),
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        list("-+0123456789."),
    )


_own_resolvers()


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_scalar(node)
    text = str(value).replace("_", "").strip()
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(yaml.SafeLoader.construct_yaml_float(loader, node))
    return Decimal(text)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


class _Dumper(yaml.SafeDumper):
    """SafeDumper with block style, unicode kept, Decimal written as a plain number, and list items
    indented under their key (as people write them)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value shared by two fields is written twice, never as &anchor / *alias


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if value == value.to_integral_value() and "." not in text:
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


# Line breaks other than \n that PyYAML writes raw in plain, single-quoted and literal scalars but
# reads back folded or as \n: only double quotes (which escape them) keep them.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(b in value for b in _OTHER_BREAKS):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], problems: list[Problem]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first:
                problems.append(Problem(path + (key,), "duplicate_key", {"key": key, "first": first[key]},
                                        line=line))
                continue
            first[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            lines[path + (i,)] = child.start_mark.line + 1
            _walk(child, path + (i,), lines, problems)


def read_yaml(text: str, filename: str | None = None) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text into plain data plus a map from each key's path to its line number.

    Raises :class:`Invalid` for syntax errors and duplicate keys, with the line named.
    """
    if not text.strip():
        raise Invalid("empty file", [Problem((), "file_empty", file=filename)])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise Invalid("empty file", [Problem((), "file_empty", file=filename)])
            lines: dict[Path_, int] = {}
            problems: list[Problem] = []
            _walk(node, (), lines, problems)
            if problems:
                raise Invalid("duplicate keys", [_with_file(p, filename) for p in problems])
            data = loader.construct_document(node)
        except ValueError as exc:  # a scalar YAML itself cannot build, e.g. an impossible number
            raise Invalid("bad value", [Problem((), "yaml_syntax", {"reason": str(exc)}, file=filename)]) from None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        reason, line = explain(exc)
        raise Invalid("bad yaml", [Problem((), "yaml_syntax", {"reason": reason}, file=filename, line=line)]) from None
    return data, lines


def _with_file(p: Problem, filename: str | None) -> Problem:
    return Problem(p.path, p.code, p.params, file=filename, line=p.line)


def line_of(path: Path_, lines: dict[Path_, int]) -> int | None:
    """The line of the deepest known prefix of ``path``."""
    for n in range(len(path), -1, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None


def parse_project_text(text: str, filename: str | None = None) -> Project:
    """Validate a project file's text; every problem carries the file and line."""
    return parse_project_file(text, filename).project


def parse_project_file(text: str, filename: str | None = None) -> ProjectFile:
    """A project file's project, base version and header; every problem carries the file and line."""
    data, lines = read_yaml(text, filename)
    base_version: int | None = None
    if isinstance(data, dict) and BASE_VERSION in data:
        base_version = _base_version(data.pop(BASE_VERSION), filename, line_of((BASE_VERSION,), lines))
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        problem = Problem(("schema_version",), "schema_version", {"input": data.get("schema_version")},
                          file=filename, line=line_of(("schema_version",), lines))
        raise Invalid("unsupported schema version", [problem])
    try:
        project = parse_project(data)
    except Invalid as exc:
        located = [
            Problem(p.path, p.code, p.params, file=filename, line=line_of(p.path, lines)) for p in exc.problems
        ]
        located.sort(key=lambda p: (p.line or 0))
        raise Invalid(exc.message, located) from None
    return ProjectFile(project, base_version, leading_comments(text))


def _base_version(value: Any, filename: str | None, line: int | None) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    problem = Problem((BASE_VERSION,), "base_version", {
        "input": repr(value),
        "default": _("base_version must be the version number the file was exported from (1 or more); "
                     "delete the line if the file was not exported"),
    }, file=filename, line=line)
    raise Invalid("bad base_version", [problem])


def _standard_lines() -> set[str]:
    """aeflow's own header lines in every language (left out when a file's header is stored)."""
    out: set[str] = set()
    for lang in CATALOG_DIRS:
        with language(lang):
            out.update(_(line) for line in (*_HEADER, _BASE_NOTE))
    return out


def leading_comments(text: str) -> str:
    """The comment block a file starts with (blank lines inside kept), without aeflow's own lines."""
    block: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        block.append(line.rstrip())
    standard = _standard_lines()
    block = [line for line in block if line.strip() not in standard]
    while block and not block[0].strip():
        block.pop(0)
    while block and not block[-1].strip():
        block.pop()
    return "\n".join(block) + "\n" if block else ""


def read_text(path: Path) -> str:
    """A project file's text: UTF-8 (with or without BOM); anything else is a clear problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=str(path)), file=str(path)) from None
    except OSError as exc:
        raise Invalid("unreadable", [Problem((), "file_unreadable", {"reason": unreadable_reason(exc),
                                                                     "detail": detail(exc)}, file=str(path))]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("encoding", [Problem((), "file_encoding", file=str(path))]) from None


def load_project_file(path: Path) -> Project:
    return parse_project_text(read_text(path), str(path))


def to_plain(project: Project) -> dict[str, Any]:
    """The project as plain YAML-ready data, in the order of the template (the model's fields).

    Outside lists every field of the template is written, so that a file shows what can be filled
    in (only unset optional values, ``None``, are left out). Inside records (list items) a field is
    left out only when it has its default *and* that default says nothing (empty text, an empty list,
    ``false``, ``None``); defaults that carry meaning (``comparison: '>='``, ``role: ae``, ``priority: 1``)
    are written, so nothing a reader needs is hidden.
    """
    return _fields(project, in_record=False)


def _fields(model: BaseModel, *, in_record: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        default = info.get_default(call_default_factory=True)
        if value is None and default is None:
            continue
        if in_record and _says_nothing(value) and type(value) is type(default) and value == default:
            continue
        out[name] = _value(value, in_record=in_record)
    return out


def _says_nothing(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, tuple, dict)) and not value)


def _value(value: Any, *, in_record: bool) -> Any:
    if isinstance(value, BaseModel):
        return _fields(value, in_record=in_record)
    if isinstance(value, (list, tuple)):
        return [_value(v, in_record=True) for v in value]
    if isinstance(value, dict):
        return {k: _value(v, in_record=True) for k, v in value.items()}
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return Decimal(int(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


# Where each top-level section of the project belongs among the eight stages.
SECTION_STAGES: dict[str, Stage] = {
    "brief": Stage.intake, "insight": Stage.insight, "proposal": Stage.proposal,
    "budget": Stage.budget, "team": Stage.collaboration, "cadence": Stage.collaboration,
    "decisions": Stage.collaboration, "commitments": Stage.collaboration, "risks": Stage.risk,
    "work_items": Stage.monitoring, "retrospective": Stage.retrospective,
}


def dump_project(
    project: Project, *, base_version: int | None = None, header: str = "",
    guide: dict[str, str] | None = None,
) -> str:
    """The project file's text: ``header`` (a stored comment block), aeflow's header, then the
    fields in the template's order; each stage's section under a comment naming the stage (and the
    line of ``guide`` for that section, if given). ``base_version`` marks the version it comes from."""
    data = to_plain(project)
    if base_version is not None:
        data = {"schema_version": data.pop("schema_version"), BASE_VERSION: base_version, **data}
    lines = [line for line in header.splitlines() if line.strip().startswith("#") or not line.strip()]
    lines += [_(line) for line in _HEADER]
    if base_version is not None:
        lines.append(_(_BASE_NOTE))
    out = ["\n".join(lines) + "\n"]
    for key, value in data.items():
        stage = SECTION_STAGES.get(key)
        if stage is not None:
            out.append(f"\n# {stage.number} · {_(stage.label)}\n")
            if guide and guide.get(key):
                out.append(f"# {guide[key]}\n")
        out.append(yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                             default_flow_style=False, width=100, indent=2))
    return "".join(out)


def write_project_file(project: Project, path: Path, **layout: Any) -> None:
    """Write atomically: a half-written project file never replaces a good one. ``layout`` goes to
    :func:`dump_project`."""
    write_text_file(path, dump_project(project, **layout))


def write_text_file(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file beside it, so that the file is
    either the old one or the whole new one; a missing folder or a refused write is one clear error."""
    folder = path.parent
    if not folder.exists():
        raise NotFound(_("The folder {folder} does not exist; nothing was written.", folder=folder),
                       hint=_("Create the folder first, or give a file in an existing folder."), file=str(path))
    if not folder.is_dir():
        raise ExportFailed(_("{folder} is not a folder; nothing was written.", folder=folder), file=str(path))
    if path.is_dir():
        raise ExportFailed(_("{path} is a folder; give the name of a file to write.", path=path), file=str(path))
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportFailed(_("{path} could not be written ({reason}); nothing was changed.", path=path,
                                       reason=exc.strerror or exc),
                           file=str(path)) from None
