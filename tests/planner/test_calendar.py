"""The working calendar: 2026 国庆 with its make-up working days, 2027 春节 estimated vs overridden."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeflow.engines.planner.calendar import WorkCalendar, YearStatus, country_for_locale
from aeflow.engines.planner.schedule import Task, schedule
from aeflow.errors import Invalid
from aeflow.services.planning import load_calendars

D = dt.date
CN = WorkCalendar("CN", around=D(2026, 9, 1))


def test_2026_national_day_days_off_and_makeup_workdays() -> None:
    assert CN.is_working_day(D(2026, 9, 20)) and D(2026, 9, 20).weekday() == 6  # Sunday, 调休上班
    assert CN.is_working_day(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == 5  # Saturday, 调休上班
    assert CN.is_makeup_workday(D(2026, 9, 20)) and CN.is_makeup_workday(D(2026, 10, 10))
    assert not CN.is_working_day(D(2026, 9, 19))  # an ordinary Saturday
    assert not CN.is_working_day(D(2026, 9, 25))  # 中秋节
    assert [d.day for d in (D(2026, 10, i) for i in range(1, 12)) if CN.is_working_day(d)] == [8, 9, 10]
    assert CN.working_days(D(2026, 9, 28), D(2026, 10, 12)) == 7


def test_schedule_across_national_day() -> None:
    tasks = [Task("a", 5), Task("b", 1, ("a",)), Task("c", 2, calendar_days=True, depends_on=("a",))]
    r = schedule(tasks, CN, D(2026, 9, 28))
    assert r.timings["a"].start == D(2026, 9, 28)
    assert r.timings["a"].finish == D(2026, 10, 9)  # 28, 29, 30 Sep, 8, 9 Oct
    assert r.timings["b"].start == D(2026, 10, 10)  # the make-up Saturday is a working day
    assert r.timings["c"].start == D(2026, 10, 10) and r.timings["c"].finish == D(2026, 10, 11)


def test_a_task_starting_before_the_makeup_sunday_uses_it() -> None:
    r = schedule([Task("a", 2)], CN, D(2026, 9, 18))
    assert (r.timings["a"].start, r.timings["a"].finish) == (D(2026, 9, 18), D(2026, 9, 20))


def test_deadline_before_national_day_is_missed_by_working_days() -> None:
    tasks = [Task("prep", 6), Task("launch", 0, ("prep",), calendar_days=True, not_before=D(2026, 10, 1),
                                    deadline=D(2026, 10, 1))]
    r = schedule(tasks, CN, D(2026, 9, 24))
    # 24 Sep, 27 (Sun is no make-up) … working days: 24, 28, 29, 30, 8 Oct, 9 Oct → finishes 9 Oct
    assert r.timings["prep"].finish == D(2026, 10, 9)
    assert not r.feasible and r.late_by_days == 2  # 8 and 9 Oct
    assert r.violations[0].chain == ["prep", "launch"]


def test_2027_spring_festival_is_an_estimate() -> None:
    cal = WorkCalendar("CN", around=D(2027, 2, 1))
    assert cal.year_status(2026) == YearStatus.official
    assert cal.year_status(2027) == YearStatus.estimated
    assert cal.estimated_years(D(2026, 12, 1), D(2027, 3, 1)) == [2027]
    assert not cal.is_working_day(D(2027, 2, 8))  # 春节 (rule-based)
    assert cal.is_working_day(D(2027, 2, 11))
    assert not cal.is_working_day(D(2027, 2, 20))  # no make-up Saturday in the estimate


OVERRIDE_2027 = """\
country: CN
year: 2027
source: test schedule (not the real notice)
days_off:
  - {date: 2027-01-01, name: 元旦}
  - {from: 2027-02-05, to: 2027-02-13, name: 春节}
  - {date: 2027-04-05, name: 清明节}
  - {from: 2027-05-01, to: 2027-05-05, name: 劳动节}
  - {date: 2027-06-09, name: 端午节}
  - {date: 2027-09-15, name: 中秋节}
  - {from: 2027-10-01, to: 2027-10-07, name: 国庆节}
workdays: [2027-01-31, 2027-02-20, 2027-10-09]
"""


def test_an_override_file_wins_over_the_package(tmp_path: Path) -> None:
    (tmp_path / "CN-2027.yaml").write_text(OVERRIDE_2027, encoding="utf-8")
    overrides = load_calendars(folder=tmp_path)
    cal = WorkCalendar("CN", overrides, around=D(2027, 2, 1))
    assert cal.year_status(2027) == YearStatus.override
    assert cal.estimated_years(D(2027, 1, 1), D(2027, 12, 31)) == []
    assert not cal.is_working_day(D(2027, 2, 11))  # off in the official schedule, working in the estimate
    assert cal.is_working_day(D(2027, 2, 20)) and cal.is_makeup_workday(D(2027, 2, 20))
    r = schedule([Task("a", 3)], cal, D(2027, 2, 4))
    assert r.timings["a"].finish == D(2027, 2, 16)  # 4 Feb, then 15, 16 Feb
    assert cal.is_working_day(D(2026, 10, 10))  # other years keep the package's data


def test_a_bad_override_file_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "CN-2027.yaml").write_text(OVERRIDE_2027.replace("2027-09-15", "2028-09-15")
                                           .replace("year: 2027", "year: 2027\nwhen: soon"), encoding="utf-8")
    with pytest.raises(Invalid) as exc:
        load_calendars(folder=tmp_path)
    got = {(p.code, p.line, p.dotted_path) for p in exc.value.problems}
    assert ("extra_forbidden", 3, "when") in got
    assert ("calendar_year_mismatch", 11, "days_off[5]") in got
    assert all(p.file and p.file.endswith("CN-2027.yaml") for p in exc.value.problems)


def test_other_locales_use_their_countrys_calendar() -> None:
    assert country_for_locale("zh-CN") == "CN" and country_for_locale("en-US") == "US"
    assert country_for_locale("en_GB") == "GB" and country_for_locale("fr") == "CN"
    us = WorkCalendar("US", around=D(2026, 7, 1))
    assert not us.is_working_day(D(2026, 7, 3))  # Independence Day observed
    assert us.is_working_day(D(2026, 10, 1)) and us.year_status(2027) == YearStatus.statutory


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31)))
def test_index_and_day_are_inverse(d: dt.date) -> None:
    k = CN.index(d)
    w = CN.day(k)
    assert w >= d and CN.is_working_day(w) and CN.index(w) == k
    assert CN.day(k - 1) < d  # no working day between the previous one and d
    assert CN.working_days(d, d) == (1 if CN.is_working_day(d) else 0)
