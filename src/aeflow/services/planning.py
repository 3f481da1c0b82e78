"""Planning use cases: load the playbooks and calendars, plan a project, store the plan.

Playbooks come from the package (``aeflow/playbooks/*.yaml``) and then from the user's folder
(``<data_dir>/playbooks/``, or the folder given to :func:`load_library`), whose definitions replace
shipped ones with the same id. Official holiday schedules the package does not know yet are small YAML files in
``<data_dir>/calendars/`` (e.g. ``CN-2027.yaml``); a year's file replaces the package's data for
that year. Every bad file is reported with its name, line and field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aeflow.config import Settings
from aeflow.domain.project import Project
from aeflow.engines.planner.calendar import YearSchedule
from aeflow.engines.planner.playbook import Library, SourceFile, build_library
from aeflow.engines.planner.plan import PlanResult, plan_project
from aeflow.errors import Invalid, Problem
from aeflow.i18n import N_, _
from aeflow.messages import MESSAGES
from aeflow.storage.yamlfile import line_of, read_text, read_yaml

SHIPPED = Path(__file__).resolve().parent.parent / "playbooks"

MESSAGES.update({
    "calendar_not_mapping": N_("a calendar file must be a mapping with country, year, days_off and workdays"),
    "calendar_year_mismatch": N_("the date {date} is not in the year {year} of this file"),
    "calendar_bad_range": N_("the range {start} … {end} ends before it starts"),
    "calendar_duplicate_year": N_("the year {year} of {country} is also defined in {other}"),
})


def playbooks_dir(settings: Settings) -> Path:
    return settings.data_dir / "playbooks"


def calendars_dir(settings: Settings) -> Path:
    return settings.data_dir / "calendars"


def _sources(folder: Path, shipped: bool) -> list[SourceFile]:
    out = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        name = path.name if shipped else str(path)
        data, lines = read_yaml(read_text(path), name)
        out.append(SourceFile(name=name, data=data, lines=lines, shipped=shipped))
    return out


def load_library(settings: Settings | None = None, *, extra_dir: Path | None = None) -> Library:
    """The shipped playbooks, then the user's folder; raises :class:`Invalid` listing every problem."""
    sources = _sources(SHIPPED, True)
    folder = extra_dir if extra_dir is not None else (playbooks_dir(settings) if settings else None)
    problems: list[Problem] = []
    if folder is not None:
        for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
            try:
                sources.extend(_sources_one(path))
            except Invalid as exc:
                problems.extend(exc.problems)
    try:
        lib = build_library(sources)
    except Invalid as exc:
        problems.extend(exc.problems)
        lib = None
    if problems or lib is None:
        raise Invalid(_("{count} problem(s) in the playbooks", count=len(problems)), problems,
                      hint=_("Fix the playbook files named above, or move them out of {folder}.",
                             folder=str(folder)))
    return lib


def _sources_one(path: Path) -> list[SourceFile]:
    if path.suffix not in (".yaml", ".yml"):
        return []
    data, lines = read_yaml(read_text(path), str(path))
    return [SourceFile(name=str(path), data=data, lines=lines, shipped=False)]


# -- calendar overrides --------------------------------------------------------------------------
def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_calendar(data: Any, lines: dict, filename: str) -> YearSchedule:
    """A year's official holiday schedule::

        country: CN
        year: 2027
        source: 国务院办公厅关于2027年部分节假日安排的通知
        days_off:
          - {from: 2027-02-06, to: 2027-02-13, name: 春节}
          - {date: 2027-04-05, name: 清明节}
        workdays: [2027-02-20]        # make-up working days (调休上班)
    """
    def problem(path: tuple, code: str, **params: Any) -> Problem:
        return Problem(path, code, params, file=filename, line=line_of(path, lines))

    if not isinstance(data, dict):
        raise Invalid(_("bad calendar file"), [problem((), "calendar_not_mapping")])
    problems: list[Problem] = []
    for key in data:
        if key not in ("country", "year", "source", "days_off", "workdays"):
            problems.append(problem((key,), "extra_forbidden"))
    country = data.get("country", "CN")
    year = data.get("year")
    if not isinstance(country, str) or len(country) != 2:
        problems.append(problem(("country",), "string_pattern_mismatch", input=str(country)))
    if not isinstance(year, int) or isinstance(year, bool) or not 1950 <= year <= 2399:
        problems.append(problem(("year",), "int_type" if not isinstance(year, int) else "less_than_equal",
                                input=str(year), le=2399))
        raise Invalid(_("bad calendar file"), problems)
    days_off: dict[dt.date, str] = {}
    for i, entry in enumerate(data.get("days_off") or []):
        path = ("days_off", i)
        if not isinstance(entry, dict):
            entry = {"date": entry}
        name = str(entry.get("name", ""))
        raw_first, raw_last = entry.get("from", entry.get("date")), entry.get("to", entry.get("date"))
        first, last = _as_date(raw_first), _as_date(raw_last)
        if first is None or last is None:
            problems.append(problem(path, "date_type", input=str(raw_first if first is None else raw_last)))
            continue
        if last < first:
            problems.append(problem(path, "calendar_bad_range", start=first.isoformat(), end=last.isoformat()))
            continue
        d = first
        while d <= last:
            if d.year != year:
                problems.append(problem(path, "calendar_year_mismatch", date=d.isoformat(), year=year))
                break
            days_off[d] = name
            d += dt.timedelta(days=1)
    workdays = set()
    for i, raw in enumerate(data.get("workdays") or []):
        entry = _as_date(raw)
        if entry is None:
            problems.append(problem(("workdays", i), "date_type", input=str(raw)))
        elif entry.year != year:
            problems.append(problem(("workdays", i), "calendar_year_mismatch", date=entry.isoformat(), year=year))
        else:
            workdays.add(entry)
    if problems:
        raise Invalid(_("bad calendar file"), problems)
    return YearSchedule(country=country.upper(), year=year, days_off=days_off, workdays=frozenset(workdays),
                        source=str(data.get("source", "")))


def load_calendars(settings: Settings | None = None, *, folder: Path | None = None) -> list[YearSchedule]:
    folder = folder if folder is not None else (calendars_dir(settings) if settings else None)
    if folder is None or not folder.is_dir():
        return []
    out: list[YearSchedule] = []
    seen: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml"):
            continue
        try:
            data, lines = read_yaml(read_text(path), str(path))
            schedule = parse_calendar(data, lines, str(path))
        except Invalid as exc:
            problems.extend(exc.problems)
            continue
        key = (schedule.country, schedule.year)
        if key in seen:
            problems.append(Problem(("year",), "calendar_duplicate_year",
                                    {"year": schedule.year, "country": schedule.country, "other": seen[key]},
                                    file=str(path), line=line_of(("year",), lines)))
            continue
        seen[key] = str(path)
        out.append(schedule)
    if problems:
        raise Invalid(_("{count} problem(s) in the calendar files", count=len(problems)), problems)
    return out


@dataclass
class PlanOutcome:
    result: PlanResult
    version: int | None  # the project's version after planning (the source one when the plan is
    # unchanged), None when nothing was stored (a file, or a dry run)
    source_version: int | None  # the version planned from, None for a file
    is_file: bool
    changed: bool = True  # whether the plan differs from the project as it was


def plan_in_memory(project: Project, settings: Settings, *, level: int | None = None,
                   as_of: dt.date | None = None, playbooks: Path | None = None,
                   use_playbook: bool | None = None) -> PlanResult:
    """Plan a project with the shipped and the user's playbooks and calendars; nothing is stored."""
    library = load_library(settings, extra_dir=playbooks)
    overrides = load_calendars(settings)
    return plan_project(project, library, overrides=overrides, level=level, as_of=as_of,
                        calendars_hint=str(calendars_dir(settings)), use_playbook=use_playbook)


def plan(db: Any, ref: str, settings: Settings, *, level: int | None = None, as_of: dt.date | None = None,
         playbooks: Path | None = None, save: bool = True, use_playbook: bool | None = None) -> PlanOutcome:
    """Plan the project ``ref`` (a project file or a project id); a database project's plan is stored
    as its next version (with the history entry saying so) unless ``save`` is false. A plan that changes
    nothing (a finished project, a project planned again with nothing new) stores nothing."""
    from aeflow.services import projects

    project, version = projects.resolve(db, ref)
    result = plan_in_memory(project, settings, level=level, as_of=as_of, playbooks=playbooks,
                            use_playbook=use_playbook)
    changed = result.project != project
    stored = None
    if version is not None and save and not changed:
        stored = version
    elif version is not None and save:
        stored = projects.save(db, result.project, expected_version=version, author=settings.user,
                               reason=_("plan: {added} item(s) added, {moved} moved",
                                        added=len(result.added), moved=len(result.moved)))
        changed = stored != version  # content equal to the stored version stores nothing
    return PlanOutcome(result=result, version=stored, source_version=version, is_file=version is None,
                       changed=changed)
