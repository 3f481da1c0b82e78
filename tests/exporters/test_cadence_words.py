"""Meetings in words (每周二 10:00), weekly meetings off the statutory holidays in the calendar, names
in the PDF on one line — each checked in the file as its own reader sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import holidays
import pytest
import recurring_ical_events
from icalendar import Calendar

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras
from aeflow.formatting import recurrence
from aeflow.i18n import language
from aeflow.storage.yamlfile import load_project_file

from .conftest import EXAMPLES
from .textof import pdf_text, text_of


@pytest.fixture(scope="module")
def l3_example() -> Project:
    return load_project_file(EXAMPLES / "launch-l3.yaml")


@pytest.mark.parametrize(("rule", "at", "zh", "en"), [
    ("FREQ=WEEKLY;BYDAY=TU", dt.time(10), "每周二 10:00", "weekly on Tue 10:00"),
    ("FREQ=WEEKLY;BYDAY=TU,TH", dt.time(17, 30), "每周二、周四 17:30", "weekly on Tue, Thu 17:30"),
    ("FREQ=MONTHLY;BYDAY=-1TH", None, "每月最后一个周四", "monthly on the last Thu"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", None, "每2周的周五", "every 2 weeks on Fri"),
    ("FREQ=DAILY;UNTIL=20261004", dt.time(9, 30), "每天 09:30，至 2026-10-04", "daily 09:30, until 2026-10-04"),
    ("RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3", None, "每月15日，共 3 次", "monthly on day 15, 3 times"),
])
def test_a_recurrence_in_words(rule: str, at: dt.time | None, zh: str, en: str) -> None:
    with language("zh"):
        assert recurrence(rule, at) == zh
    with language("en"):
        assert recurrence(rule, at) == en


def test_a_rule_with_parts_it_cannot_say_keeps_its_text() -> None:
    with language("zh"):
        assert recurrence("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1") == "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1"


@pytest.mark.parametrize("fmt", ["md", "pptx", "xlsx"])
def test_documents_show_the_cadence_in_words(fmt: str, l3_example: Project, tmp_path: Path) -> None:
    extras = Extras(today=l3_example.launch, version=1)
    text = text_of(fmt, get(fmt).export(l3_example, Audience.client, "zh", extras), tmp_path)
    assert "FREQ=" not in text and "BYDAY" not in text
    assert "每周一 10:00" in text  # the client weekly, FREQ=WEEKLY;BYDAY=MO at 10:00


def _calendar(project: Project, audience: str = "internal") -> Calendar:
    extras = Extras(today=project.launch, version=1)
    return Calendar.from_ical(get("ics").export(project, Audience(audience), "zh", extras))


def test_weekly_meetings_skip_the_national_day_holiday(l3_example: Project) -> None:
    cal = _calendar(l3_example)
    days_off = holidays.China(years=[2026])
    events = {str(e["UID"]).split(".cadence.")[1].split("@")[0]: e for e in cal.walk("VEVENT")
              if ".cadence." in str(e["UID"])}
    flight = (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    for cid in ("weekly-client", "internal-sync", "crossfunc-weekly"):
        event = events[cid]
        held = [o["DTSTART"].dt.date() for o in recurring_ical_events.of(cal).between(*flight)
                if o["UID"] == event["UID"]]
        assert held, cid
        assert not [d for d in held if d in days_off], cid
        assert "法定节假日不开会" in str(event["DESCRIPTION"]) and "10/" in str(event["DESCRIPTION"])
    monday = events["weekly-client"]
    excluded = [d.dt for d in monday["EXDATE"].dts] if not isinstance(monday["EXDATE"], list) else [
        d.dt for x in monday["EXDATE"] for d in x.dts]
    assert [d.date() for d in excluded] == [dt.date(2026, 10, 5)]
    assert excluded[0].hour == 10 and str(excluded[0].tzinfo) == "Asia/Shanghai"
    # the launch-week daily stand-up runs through the holiday on purpose (国庆值班)
    standup = events["launch-standup"]
    assert "EXDATE" not in standup
    held = [o["DTSTART"].dt.date() for o in recurring_ical_events.of(cal).between(*flight)
            if o["UID"] == standup["UID"]]
    assert dt.date(2026, 10, 1) in held and dt.date(2026, 10, 3) in held


def test_the_pdf_keeps_owner_names_on_one_line(l3_example: Project, tmp_path: Path) -> None:
    extras = Extras(today=dt.date(2026, 9, 21), version=1)
    text = pdf_text(get("pdf").export(l3_example, Audience.client, "zh", extras), tmp_path)
    risks = sorted((r for r in l3_example.risks if r.status.value != "closed" and r.category.value != "client"),
                   key=lambda r: (-r.score, -r.severity, r.id))[:5]
    owners = {r.owner for r in risks if r.owner}
    assert owners
    lines = {line.strip() for line in text.splitlines()}
    assert all(any(name in line for line in lines) for name in owners), owners
    assert not any(len(line) == 1 and line in "".join(owners) for line in lines)
