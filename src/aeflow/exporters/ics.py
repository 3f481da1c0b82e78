"""The calendar (ICS): the cadence as recurring meetings, milestones and client approval deadlines.

Written to import cleanly into Outlook, Google Calendar and 飞书日历: ``METHOD:PUBLISH``, stable UIDs
(importing again updates events instead of duplicating them), times in the project's time zone with
its ``VTIMEZONE``, recurrence ends as UTC ``UNTIL`` (RFC 5545 requires it when DTSTART has a TZID),
attendees only where an e-mail address is known, deadlines as all-day, non-blocking events.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vCalAddress, vRecur, vText

from aeflow.domain.cadence import CadenceItem
from aeflow.domain.plan import WorkItem
from aeflow.domain.project import Project
from aeflow.engines.planner.calendar import WorkCalendar, country_for_locale
from aeflow.errors import ExportFailed
from aeflow.exporters import Format
from aeflow.exporters import text as t
from aeflow.exporters.audience import Audience
from aeflow.exporters.view import DocumentView, Extras, build_view
from aeflow.i18n import N_, _, get_language, language

FORMAT = Format("ics", ".ics", "text/calendar; charset=utf-8",
                N_("iCalendar: the cadence as recurring meetings, milestones and client approval deadlines"))

DEFAULT_TIME = dt.time(10, 0)
MAX_OCCURRENCES = 1000
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ExportFailed(_("{zone} is not a known time zone", zone=name),
                           hint=_("use an IANA name such as Asia/Shanghai")) from None


def _emails(p: Project) -> dict[str, str]:
    out = {m.name: m.email for m in p.team if m.email}
    for s in p.client.stakeholders:
        found = EMAIL.search(s.contact)
        if found:
            out.setdefault(s.name, found.group(0))
    return out


def _end_of_flight(p: Project, zone: ZoneInfo) -> dt.datetime:
    last = max(p.flight_end or p.launch, p.launch)
    return dt.datetime.combine(last, dt.time(23, 59, 59), zone).astimezone(dt.UTC)


def _recurrence(rule: str, until: dt.datetime) -> vRecur:
    recur = vRecur.from_ical(rule)
    if "UNTIL" in recur:
        value = recur["UNTIL"][0]
        if isinstance(value, dt.datetime):
            value = value if value.tzinfo else value.replace(tzinfo=until.tzinfo)
        else:
            value = dt.datetime.combine(value, dt.time(23, 59, 59), until.tzinfo)
        recur["UNTIL"] = [value.astimezone(dt.UTC)]
    elif "COUNT" not in recur:
        recur["UNTIL"] = [until]
    return recur


def _calendar(p: Project) -> WorkCalendar | None:
    """The project's working calendar (the planner's: statutory holidays and 调休), when its country is known."""
    try:
        lang = "en_US" if get_language() == "en" else "zh_CN"
        return WorkCalendar(country_for_locale(p.locale), language=lang, around=p.kickoff)
    except (ValueError, LookupError):
        return None


def holiday_skips(rule: vRecur, start: dt.datetime, cal: WorkCalendar | None) -> list[tuple[dt.datetime, str]]:
    """The occurrences of a working-day meeting that fall on a statutory holiday, with the holiday's name.

    A meeting whose rule also meets on weekends (a daily stand-up through 国庆值班) is held on
    holidays by design and skips nothing."""
    if cal is None:
        return []
    occurrences = []
    for i, when in enumerate(rrulestr(rule.to_ical().decode(), dtstart=start)):
        if i >= MAX_OCCURRENCES:
            break
        occurrences.append(when)
    if any(when.weekday() >= 5 for when in occurrences):
        return []
    out = []
    for when in occurrences:
        name = cal.holiday_name(when.date())
        if name and not cal.is_working_day(when.date()):
            out.append((when, name))
    return out


def _meeting(v: DocumentView, c: CadenceItem, zone: ZoneInfo, emails: dict[str, str], stamp: dt.datetime,
             cal: WorkCalendar | None) -> Event:
    p = v.project
    ev = Event()
    ev.add("uid", f"{p.id}.cadence.{c.id}@aeflow")
    ev.add("dtstamp", stamp)
    ev.add("summary", f"{c.meeting} · {p.name}")
    start = dt.datetime.combine(c.start or p.kickoff, c.time or DEFAULT_TIME, zone)
    ev.add("dtstart", start)
    ev.add("duration", dt.timedelta(minutes=c.duration_minutes))
    recur = _recurrence(c.frequency, _end_of_flight(p, zone))
    ev.add("rrule", recur)
    skipped = holiday_skips(recur, start, cal)
    if skipped:
        ev.add("exdate", [when for when, _name in skipped])
    lines = [f"{_('Frequency')}: {t.frequency(c.frequency, c.time or DEFAULT_TIME)}"]
    if skipped:
        days = "、".join(f"{t.short_date(when.date())} {name}" for when, name in skipped)
        lines.append(_("Not held on statutory holidays: {days}", days=days))
    lines += [f"{_('Decision authority')}: {c.decision_authority or '—'}",
             f"{_('Participants')}: {'、'.join(c.participants) or '—'}"]
    if c.disclosure:
        lines.append(f"{_('Disclosure')}: {c.disclosure}")
    if c.visualisation:
        lines.append(f"{_('Progress shown as')}: {c.visualisation}")
    lines.append(f"{_('Project')}: {p.name} · {p.client.name}")
    ev.add("description", "\n".join(lines))
    ev.add("categories", [_("Meeting")])
    organiser = next((m for m in p.team if m.email and m.role == "ae"), None)
    if organiser and any(name in emails for name in c.participants):
        org = vCalAddress(f"mailto:{organiser.email}")
        org.params["cn"] = vText(organiser.name)
        ev.add("organizer", org)
    for name in c.participants:
        if name in emails:
            who = vCalAddress(f"mailto:{emails[name]}")
            who.params["cn"] = vText(name)
            who.params["role"] = vText("REQ-PARTICIPANT")
            who.params["partstat"] = vText("NEEDS-ACTION")
            ev.add("attendee", who, encode=0)
    return ev


def _deadline(v: DocumentView, w: WorkItem, stamp: dt.datetime) -> Event:
    p = v.project
    day = w.due or w.start
    assert day is not None
    kinds = ([_("Milestone")] if w.is_milestone else []) + ([_("Client approval due")] if w.client_approval else [])
    ev = Event()
    ev.add("uid", f"{p.id}.item.{w.id}@aeflow")
    ev.add("dtstamp", stamp)
    ev.add("summary", f"{' · '.join(kinds)}: {w.title}")
    ev.add("dtstart", day)
    ev.add("dtend", day + dt.timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    lines = [f"{_('Owner')}: {t.owner(w.owner)}"]
    if w.deliverable:
        lines.append(f"{_('Deliverables')}: {w.deliverable}")
    if w.acceptance_criteria:
        lines.append(f"{_('Acceptance criteria')}: {w.acceptance_criteria}")
    lines.append(f"{_('Project')}: {p.name} · {p.client.name}")
    ev.add("description", "\n".join(lines))
    ev.add("categories", kinds)
    return ev


def render(v: DocumentView, now: dt.datetime) -> bytes:
    p = v.project
    zone = _zone(p.timezone)
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//aeflow//AE workbench//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{p.name} · {p.client.name}")
    cal.add("x-wr-timezone", p.timezone)
    emails = _emails(p)
    workdays = _calendar(p)
    for c in p.cadence:
        if v.internal or c.includes_client:
            cal.add_component(_meeting(v, c, zone, emails, stamp, workdays))
    for w in p.work_items:
        if (w.is_milestone or w.client_approval) and (w.due or w.start) and w.status != "cancelled":
            cal.add_component(_deadline(v, w, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def export(project: Project, audience: Audience, lang: str, extras: Extras) -> bytes:
    with language(lang):
        return render(build_view(project, audience, extras), extras.now)
