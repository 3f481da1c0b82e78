"""The project file: one human-editable YAML file per project (keys in English).

Reading keeps the line of every key so that each problem can be reported as ``file:line: field``;
duplicate keys, which YAML would otherwise resolve silently, are problems too. Numbers with a
decimal point are read as :class:`~decimal.Decimal`, so money survives file → database → file
exactly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from aeflow.domain.project import SCHEMA_VERSION, Project
from aeflow.domain.validation import parse_project
from aeflow.errors import Invalid, NotFound, Problem

Path_ = tuple[str | int, ...]

HEADER = (
    "# aeflow project file — edit freely; check with `aeflow validate FILE`.\n"
    "# The JSON Schema of this format: `aeflow schema`.\n"
)


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
    """SafeDumper with block style, unicode kept, and Decimal written as a plain number."""


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
        mark = getattr(exc, "problem_mark", None)
        reason = " ".join(str(getattr(exc, "problem", "") or exc).split())
        line = mark.line + 1 if mark is not None else None
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
    data, lines = read_yaml(text, filename)
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        problem = Problem(("schema_version",), "schema_version", {"input": data.get("schema_version")},
                          file=filename, line=line_of(("schema_version",), lines))
        raise Invalid("unsupported schema version", [problem])
    try:
        return parse_project(data)
    except Invalid as exc:
        located = [
            Problem(p.path, p.code, p.params, file=filename, line=line_of(p.path, lines)) for p in exc.problems
        ]
        located.sort(key=lambda p: (p.line or 0))
        raise Invalid(exc.message, located) from None


def read_text(path: Path) -> str:
    """A project file's text: UTF-8 (with or without BOM); anything else is a clear problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file", file=str(path)) from None
    except OSError as exc:
        raise Invalid("unreadable", [Problem((), "file_unreadable", {"reason": exc.strerror}, file=str(path))]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid("encoding", [Problem((), "file_encoding", file=str(path))]) from None


def load_project_file(path: Path) -> Project:
    return parse_project_text(read_text(path), str(path))


def to_plain(project: Project) -> dict[str, Any]:
    """The project as plain YAML-ready data: defaults left out, field order kept."""
    data = project.model_dump(mode="python", exclude_defaults=True)
    data = {"schema_version": SCHEMA_VERSION, **data}
    return _plain(data)


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


def dump_project(project: Project) -> str:
    body = yaml.dump(to_plain(project), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100, indent=2)
    return HEADER + body


def write_project_file(project: Project, path: Path) -> None:
    """Write atomically: a half-written project file never replaces a good one."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dump_project(project), encoding="utf-8")
    tmp.replace(path)
