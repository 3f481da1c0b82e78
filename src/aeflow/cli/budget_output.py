"""Rendering for the budget commands: JSON without infinities, Rich tables of forecasts and mixes."""

from __future__ import annotations

import json
import math
from enum import Enum
from typing import Annotated

import typer
from rich.table import Table

from aeflow import formatting as fmt
from aeflow.cli.common import console
from aeflow.domain.labels import channel_label, channels_label, cost_label, metric_label
from aeflow.i18n import N_, _, get_language


class OutFormat(str, Enum):
    text = "text"
    json = "json"


ProjectArg = Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID or project file.")]
FormatOpt = Annotated[OutFormat, typer.Option("--format", help="text or json.")]


def _finite(value: object) -> object:
    """Non-finite numbers (an infinite CPA when nothing converts) become null: JSON has no infinity."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _dumps(value: object) -> str:
    return json.dumps(_finite(value), ensure_ascii=False, indent=2, allow_nan=False)


def _money(x: float) -> str:
    return f"{x:,.0f}"


def _q(q: object, digits: int = 0) -> str:
    from aeflow.engines.budget.funnel import Quantiles

    assert isinstance(q, Quantiles)
    if digits:
        return f"{q.p50:.{digits}f} ({q.p10:.{digits}f}–{q.p90:.{digits}f})"
    return f"{q.p50:,.0f} ({q.p10:,.0f}–{q.p90:,.0f})"


def _forecast_json(fc: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(fc)  # type: ignore[call-overload, no-any-return]


def _kpi_q(q: object, unit: str) -> str:
    """P50 (P10–P90) in the KPI's own format (see :func:`aeflow.formatting.kpi_value`)."""
    return f"{fmt.kpi_value(q.p50, unit)} ({fmt.kpi_value(q.p10, unit)}–{fmt.kpi_value(q.p90, unit)})"  # type: ignore[attr-defined]


def print_kpis(fc: object) -> None:
    kpis = getattr(fc, "kpis", [])
    if not kpis:
        return
    table = Table(_("Objective"), "KPI", _("Target"), _("Forecast"), _("Chance met"), header_style="bold")
    for k in kpis:
        chance = "—" if k.probability is None else f"{k.probability:.0%}"
        table.add_row(k.objective, metric_label(k.metric), f"{k.comparison} {fmt.kpi_value(k.target, k.unit)}",
                      _kpi_q(k.forecast, k.unit) if k.forecast else _("not forecast by the funnel"), chance)
    console.print(table)
    for k in kpis:
        if definition := kpi_definition(k):
            console.print(f"[dim]{definition}[/]", highlight=False)


def kpi_definition(k: object) -> str:
    """``CPA 口径：转化 = 天猫；花费 = 全部渠道的媒介、达人`` — what a KPI's forecast counts, when the
    KPI's definition narrows it to some channels or counts other costs than media."""
    scope: dict[str, list[str]] = getattr(k, "scope", {})
    cats: list[str] = getattr(k, "spend_categories", [])
    if not any(scope.values()) and cats in ([], ["media"]):
        return ""
    zh = get_language() == "zh"
    parts = []
    for measure, channels in scope.items():
        where = channels_label(channels)
        if measure == "spend":
            where = _("{categories} on {channels}", categories=("、" if zh else ", ").join(cost_label(c) for c in cats),
                      channels=where)
        parts.append(_("{measure} = {what}", measure=metric_label(measure), what=where))
    return _("{metric} as defined: {parts}", metric=metric_label(getattr(k, "metric", "")),
             parts=("；" if zh else "; ").join(parts))


ORIGIN_LABELS = {"benchmark": N_("built-in benchmark"), "rate_card": N_("rate card"), "data": N_("fitted from data")}
RATE_UNITS = {"cpm": "元", "ctr": "%", "cvr": "%", "aov": "元"}


def print_assumptions(fc: object) -> None:
    """The rates each channel's forecast rests on, each with where it comes from."""
    assumed = getattr(fc, "assumptions", {})
    if not assumed:
        return
    table = Table(_("Channel"), "CPM", "CTR", "CVR", _("AOV"), header_style="bold",
                  title=_("Assumptions (P50, and where each comes from)"), title_justify="left")
    for channel, rates in assumed.items():
        cells = []
        for rate, a in rates.items():
            factor = f" ×{a.factor:g}" if a.factor != 1.0 else ""
            cells.append(f"{fmt.kpi_value(a.p50, RATE_UNITS[rate])}\n[dim]{_(ORIGIN_LABELS[a.origin])}{factor}[/]")
        table.add_row(channel_label(channel), *cells)
    console.print(table)
    for channel, sources in getattr(fc, "sources", {}).items():
        for origin, text in sources.items():
            console.print(f"[dim]{channel_label(channel)} · {_(ORIGIN_LABELS[origin])}: {text}[/]", highlight=False)
    if any(a.factor != 1.0 for rates in assumed.values() for a in rates.values()):
        console.print(_("×: the campaign type's factor, applied to built-in benchmark rates only"), style="dim",
                      highlight=False)


def _report_json(report: object) -> dict[str, object]:
    from dataclasses import asdict

    r = report
    out: dict[str, object] = {
        "objective": r.objective, "total": r.total,  # type: ignore[attr-defined]
        "allocation": r.result.amounts, "marginal_return": r.result.marginal,  # type: ignore[attr-defined]
        "predicted": asdict(r.optimised.band), "plan": {  # type: ignore[attr-defined]
            "allocation": r.plan.amounts, "objective": r.plan.objective,  # type: ignore[attr-defined]
            "predicted": asdict(r.plan.band)},  # type: ignore[attr-defined]
        "change": {c: r.result.amounts.get(c, 0.0) - r.plan.amounts.get(c, 0.0)  # type: ignore[attr-defined]
                   for c in {**r.plan.amounts, **r.result.amounts}},  # type: ignore[attr-defined]
        "upper_bound": r.result.upper_bound, "gap": r.result.gap,  # type: ignore[attr-defined]
        "kpis": [asdict(k) for k in r.optimised.forecast.kpis],  # type: ignore[attr-defined]
    }
    out["held"] = [{"channel": h.channel, "line": h.line, "amount": h.amount, "reason": h.reason.value}
                   for h in r.holds]  # type: ignore[attr-defined]
    out["free"] = r.free  # type: ignore[attr-defined]
    out["notes"] = list(r.notes)  # type: ignore[attr-defined]
    for key, c in (("funnel", r.optimised), ("plan", r.plan)):  # type: ignore[attr-defined]
        q = c.forecast.total.get(r.funnel_metric)  # type: ignore[attr-defined]
        (out if key == "funnel" else out["plan"])["funnel"] = asdict(q) if q else None  # type: ignore[index]
    if r.scenario is not None:  # type: ignore[attr-defined]
        out["plan_under_scenario"] = {"allocation": r.scenario.amounts, "objective": r.scenario.objective,  # type: ignore[attr-defined]
                                      "predicted": asdict(r.scenario.band),  # type: ignore[attr-defined]
                                      "kpis": [asdict(k) for k in r.scenario.forecast.kpis]}  # type: ignore[attr-defined]
    return out


def print_report(report: object) -> None:
    r = report
    cols = [r.plan] + ([r.scenario] if r.scenario is not None else []) + [r.optimised]  # type: ignore[attr-defined]
    table = Table(_("Channel"), *[c.label for c in cols], _("Marginal return"), header_style="bold")
    channels = list(dict.fromkeys([*r.plan.amounts, *r.optimised.amounts]))  # type: ignore[attr-defined]
    for ch in channels:
        table.add_row(channel_label(ch), *[_money(c.amounts.get(ch, 0.0)) for c in cols],
                      f"{r.result.marginal.get(ch, 0.0):.3f}")  # type: ignore[attr-defined]
    table.add_row(f"[bold]{_('{objective} (response curves)', objective=metric_label(r.objective))}[/]",  # type: ignore[attr-defined]
                  *[_q(c.band) for c in cols], "")
    funnel = [c.forecast.total.get(r.funnel_metric) for c in cols]  # type: ignore[attr-defined]
    if all(q is not None for q in funnel):
        table.add_row(_("{metric} (funnel forecast)", metric=metric_label(r.funnel_metric)),  # type: ignore[attr-defined]
                      *[_q(q) for q in funnel], "")
    probs = {}
    for c in cols:
        for k in c.forecast.kpis:
            if k.probability is not None:
                probs.setdefault(f"{k.objective} ({metric_label(k.metric)})", []).append(f"{k.probability:.0%}")
    for name, vals in probs.items():
        table.add_row(_("Chance: {kpi}", kpi=name), *vals, "")
    console.print(table)
    console.print(_("certified gap {gap}; predicted objective is P50 (P10–P90)", gap=f"{r.result.gap:.1e}"),  # type: ignore[attr-defined]
                  style="dim", highlight=False)
    console.print(_("The objective is the response curves' value, which the optimiser maximises: the curves "
                    "saturate as spend grows and, derived from the rates, take each channel's median rates. The "
                    "funnel forecast (aeflow budget forecast) does not saturate, and its P50 is the median of the "
                    "sum of the uncertain channels, which wide ranges push above the sum of their medians. The "
                    "chance of each KPI comes from the funnel."),
                  style="dim", highlight=False)
    print_holds(report)


def print_holds(report: object) -> None:
    """Which money the optimiser kept where it is, line by line, and why; how much it could move."""
    r = report
    if r.holds:  # type: ignore[attr-defined]
        table = Table(_("Channel"), _("Budget line"), _("Held"), _("Why"), header_style="bold",
                      title=_("Money that cannot move"), title_justify="left")
        for h in r.holds:  # type: ignore[attr-defined]
            table.add_row(channel_label(h.channel), h.line or "—", _money(h.amount), h.reason.label)
        console.print(table)
    console.print(_("free to move: {free} of {total}", free=_money(r.free), total=_money(r.total)),  # type: ignore[attr-defined]
                  highlight=False)
    for note in r.notes:  # type: ignore[attr-defined]
        console.print(f"[yellow]![/] {note}", highlight=False)
