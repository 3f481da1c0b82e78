"""The calendar, read by two independent parsers: icalendar (+ recurring-ical-events) and ics-py."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import ics as icspy
import icalendar
import recurring_ical_events

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.view import Extras

SHANGHAI = ZoneInfo("Asia/Shanghai")


def calendar(project: Project, extras: Extras, audience: str = "internal") -> bytes:
    return get("ics").export(project, Audience(audience), "zh", extras)


def test_every_case_parses_in_both_parsers(case: Project, extras: Extras) -> None:
    data = calendar(case, extras)
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    deadlines = [w for w in case.work_items if (w.is_milestone or w.client_approval) and (w.due or w.start)
                 and w.status != "cancelled"]
    assert len(events) == len(case.cadence) + len(deadlines)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [case.timezone]
    other = icspy.Calendar(data.decode("utf-8"))
    assert len(other.events) == len(events)
    assert {e.name for e in other.events} == {str(e["SUMMARY"]) for e in events}


def test_cadence_rrules_attendees_and_decision_authority(l3: Project, extras: Extras) -> None:
    cal = icalendar.Calendar.from_ical(calendar(l3, extras))
    by_uid = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    weekly = by_uid["qingquan-launch.cadence.C2@aeflow"]
    assert weekly["RRULE"].to_ical().decode() == "FREQ=WEEKLY;UNTIL=20261011T155959Z;BYDAY=TH"
    start = weekly.decoded("DTSTART")
    assert start == dt.datetime(2026, 7, 9, 15, 0, tzinfo=SHANGHAI) and str(start.tzinfo) == "Asia/Shanghai"
    assert weekly["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert "赵总拍板预算与创意" in str(weekly["DESCRIPTION"])
    attendees = sorted(str(a) for a in weekly.get("ATTENDEE"))
    assert attendees == ["mailto:qian@qingquan.example", "mailto:wangmin@agency.example", "mailto:zhao@qingquan.example"]
    biweekly = by_uid["qingquan-launch.cadence.C3@aeflow"]
    assert biweekly["RRULE"]["INTERVAL"] == [2] and biweekly["RRULE"]["BYDAY"] == ["FR"]


def test_recurrences_expand_to_the_right_days(l3: Project, extras: Extras) -> None:
    cal = icalendar.Calendar.from_ical(calendar(l3, extras))
    week = recurring_ical_events.of(cal).between(dt.date(2026, 8, 10), dt.date(2026, 8, 17))
    meetings = sorted((e.decoded("DTSTART").astimezone(SHANGHAI).strftime("%a %H:%M"), str(e["SUMMARY"]).split(" ·")[0])
                      for e in week if "cadence" in str(e["UID"]))
    assert meetings == [("Fri 09:30", "内部站会"), ("Mon 09:30", "内部站会"), ("Thu 15:00", "客户周会"),
                        ("Wed 09:30", "内部站会")]
    late = recurring_ical_events.of(cal).between(dt.date(2026, 10, 12), dt.date(2026, 12, 31))
    assert not [e for e in late if "cadence" in str(e["UID"])]  # meetings end with the flight
    allday = recurring_ical_events.of(cal).at(dt.date(2026, 8, 17))
    assert any(str(e["SUMMARY"]) == "里程碑: 上市发布" and e.decoded("DTSTART") == dt.date(2026, 8, 17) for e in allday)


def test_client_calendar_has_only_client_meetings_and_deadlines(l3: Project, extras: Extras) -> None:
    cal = icalendar.Calendar.from_ical(calendar(l3, extras, "client"))
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert any(s.startswith("客户周会") for s in summaries)
    assert not any(s.startswith(("内部站会", "数据复盘会")) for s in summaries)
    assert "客户确认截止: 媒介排期" in summaries
