"""Open questions: what a good AE asks before planning, from rules over the extracted facts.

Each rule has a stable code; ``questions.yaml`` switches rules on and holds their word lists; the
sentences are gettext messages of the ``intake`` area. KPIs are named by the AE's own words (their
span), so a question reads in the language the notes were written in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from aeflow.engines.intake.lexicon import Lexicon
from aeflow.engines.intake.model import IntakeResult, KPIFact, OpenQuestion
from aeflow.formatting import money
from aeflow.i18n import N_, _

PERIODS = {"month": N_("month"), "week": N_("week"), "quarter": N_("quarter")}
SEP = N_(", ")

Rule = Callable[[IntakeResult, Lexicon], Iterator[tuple[str, dict[str, Any]]]]
RULES: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    def wrap(fn: Rule) -> Rule:
        RULES[code] = fn
        return fn
    return wrap


def _join(items: list[str]) -> str:
    return _(SEP).join(items)


def _money(amount: float | None, currency: str) -> str:
    return money(amount, currency, short=True)


def _kpi_names(kpis: list[KPIFact]) -> str:
    return _join([k.span.text for k in kpis])


@rule("budget_missing")
def _budget_missing(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if r.budget is None or r.budget.amount is None:
        yield N_("No budget is given: what is the total, and what does it cover (media, production, KOL fees, "
                 "agency fee)?"), {}


@rule("budget_approximate")
def _budget_approximate(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    b = r.budget
    if b is None or b.amount is None or not b.approximate:
        return
    if b.amount_max is not None:
        yield N_("The budget is a range ({low} to {high}): which figure should the plan assume, and when is it "
                 "confirmed?"), {"low": _money(b.amount, b.currency), "high": _money(b.amount_max, b.currency)}
    else:
        yield N_("The budget is approximate ({amount}): what is the confirmed figure, and is it a ceiling or "
                 "the amount to spend?"), {"amount": _money(b.amount, b.currency)}


@rule("budget_period")
def _budget_period(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    b = r.budget
    if b is not None and b.period and b.amount is not None:
        yield N_("The budget is given per {period} ({amount}): for how many periods, and what is the total?"), {
            "period": _(PERIODS[b.period]), "amount": _money(b.amount, b.currency)}


@rule("budget_scope")
def _budget_scope(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    b = r.budget
    if b is not None and b.amount is not None and b.includes_tax is None:
        yield N_("Does the budget of {amount} include tax and the agency fee, and does it cover production and "
                 "KOL fees?"), {"amount": _money(b.amount, b.currency)}


@rule("kpis_missing")
def _kpis_missing(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if not r.kpis:
        yield N_("No measurable KPI is given: which results will the campaign be judged on (impressions, CTR, "
                 "sales, attendance …), with what targets?"), {}


@rule("kpi_no_deadline")
def _kpi_no_deadline(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    missing = [k for k in r.kpis if k.deadline is None]
    if not missing:
        return
    params: dict[str, Any] = {"kpis": _kpi_names(missing), "metrics": [k.metric for k in missing]}
    if r.deadline:
        yield N_("By when must these targets be reached: {kpis}? By the end of the campaign ({end}), or "
                 "earlier?"), {**params, "end": r.deadline.isoformat()}
    else:
        yield N_("By when must these targets be reached: {kpis}?"), params


@rule("kpi_no_baseline")
def _kpi_no_baseline(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    need = set(lex.questions.baseline_needed)
    missing = [k for k in r.kpis if k.baseline is None and (k.relative or k.metric in need)]
    if missing:
        yield N_("What are the current or past levels of {kpis}? Without a baseline the targets cannot be "
                 "judged."), {"kpis": _kpi_names(missing), "metrics": [k.metric for k in missing]}


@rule("roi_definition")
def _roi_definition(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    defined = set(lex.questions.definition_needed)
    names = [k for k in r.kpis if k.metric in defined]
    if names:
        yield N_("How does the client calculate {kpis}: GMV divided by media spend (as ROAS), or profit divided "
                 "by total cost, and over which attribution window?"), {"kpis": _kpi_names(names)}


@rule("channels_missing")
def _channels_missing(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if not r.channels:
        yield N_("No channels are named: which platforms and offline touchpoints are in scope, and which are "
                 "out?"), {}


@rule("campaign_type_unclear")
def _campaign_type(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if r.campaign_type is None:
        yield N_("What kind of campaign is this: a product launch, a sales promotion, a brand event, a pop-up, "
                 "KOL seeding, private-domain growth or always-on content?"), {}


@rule("dates_missing")
def _dates_missing(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if r.launch_date is None and r.deadline is None and r.duration_days is None:
        yield N_("No campaign dates are given: when is the kickoff, the launch, and the end?"), {}


@rule("date_vague")
def _date_vague(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    for fact in r.dates:
        if not fact.vague:
            continue
        if fact.role == "launch" and fact.date == r.launch_date:
            yield N_("The launch date is only given roughly ({text}, read as {date}): what is the exact "
                     "day?"), {"text": fact.span.text, "date": fact.date.isoformat(), "field": "launch_date"}
        elif fact.role == "deadline" and fact.date == r.deadline:
            yield N_("The end date is only given roughly ({text}, read as {date}): what is the exact day?"), {
                "text": fact.span.text, "date": fact.date.isoformat(), "field": "deadline"}


@rule("launch_date_unclear")
def _launch_unclear(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    days = sorted({f.range_start or f.date for f in r.dates if f.role == "launch"})
    if len(days) > 1:
        texts = [f.span.text for f in r.dates if f.role == "launch"]
        yield N_("Several launch dates are mentioned ({dates}): which one is the launch, and what are the "
                 "others?"), {"dates": _join(texts), "values": [d.isoformat() for d in days]}


@rule("no_acceptance_criteria")
def _acceptance(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if not r.acceptance:
        yield N_("How will the results be accepted: which data source and definitions, which report, and who "
                 "signs off?"), {}


@rule("no_decision_maker")
def _decision_maker(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    if any(s.decision_maker for s in r.stakeholders):
        return
    if r.stakeholders:
        yield N_("Who has the final say among {names}, and who approves the creatives?"), {
            "names": _join([s.name for s in r.stakeholders])}
    else:
        yield N_("Nobody on the client side is named: who makes the final decision, and who approves the "
                 "creatives?"), {}


@rule("conflicting_numbers")
def _conflicts(r: IntakeResult, lex: Lexicon) -> Iterator[tuple[str, dict[str, Any]]]:
    totals = [(m.amount, m.currency) for m in r.budget_mentions if m.amount is not None]
    if len({t for t in totals}) > 1:
        yield N_("The notes give different budgets ({values}): which one is current?"), {
            "values": _join([_money(a, c) for a, c in dict.fromkeys(totals)]), "field": "budget"}
    b = r.budget
    if b is not None and b.amount is not None and b.splits:
        parts = sum(s.amount for s in b.splits)
        if parts > b.amount * 1.0001:
            yield N_("The budget parts add up to {parts}, more than the total {total}: which is right?"), {
                "parts": _money(parts, b.currency), "total": _money(b.amount, b.currency), "field": "budget"}
    seen: dict[tuple[str, object, bool], list[KPIFact]] = {}
    for k in r.kpis:
        seen.setdefault((k.metric, k.deadline, k.relative), []).append(k)
    for (metric, _d, _rel), group in seen.items():
        if len({k.target for k in group}) > 1:
            yield N_("The notes give different targets for the same KPI ({kpis}): which one is right?"), {
                "kpis": _kpi_names(group), "metric": metric, "field": "kpis"}


def open_questions(result: IntakeResult, lex: Lexicon) -> list[OpenQuestion]:
    out: list[OpenQuestion] = []
    for code in lex.questions.enabled:
        fn = RULES.get(code)
        if fn is None:
            continue
        for msgid, params in fn(result, lex):
            shown = {k: v for k, v in params.items() if isinstance(v, str)}
            out.append(OpenQuestion(code=code, text=_(msgid, **shown), params=params))
    return out
