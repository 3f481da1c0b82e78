"""The stage forms: inline validation with the domain's messages, conflicts, the guided flow, L1/L3."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from aeflow.domain import Stage
from aeflow.services import projects

from .conftest import A, B, Env, csrf_of
from .test_form_roundtrip import FormValues


def _post(env: Env, user: str, stage: str, data: dict[str, str], version: int | None = None,
          htmx: bool = False):  # type: ignore[no-untyped-def]
    c = env.client(user)
    token = csrf_of(c, "/")
    v = version if version is not None else projects.load(env.db, A)[1]
    headers = {"HX-Request": "true"} if htmx else {}
    return c.post(f"/p/{A}/stages/{stage}", data={"csrf_token": token, "version": str(v), **data},
                  headers=headers, follow_redirects=False)


def _risk_row(env: Env, i: int, **changes: str) -> dict[str, str]:
    p, _v = projects.load(env.db, A)
    r = p.risks[i]
    row = {"_key": f"id:{r.id}", "id": r.id, "description": r.description, "category": r.category.value,
           "likelihood": str(r.likelihood), "severity": str(r.severity), "status": r.status.value}
    row.update(changes)
    return {f"risks[{i}].{k}": v for k, v in row.items()}


def test_saving_a_stage_form_stores_a_new_version(env: Env) -> None:
    before = projects.load(env.db, A)[1]
    r = _post(env, "member", "intake", {"brief.background": "新的客户背景", "brief.pain_points": "痛点一\n痛点二\n"})
    assert r.status_code == 200 and "已保存为第" in r.text
    p, v = projects.load(env.db, A)
    assert v == before + 1 and p.brief.background == "新的客户背景" and p.brief.pain_points == ["痛点一", "痛点二"]
    # everything the form did not show is kept
    assert p.brief.objectives and p.work_items and p.budget.lines


def test_an_invalid_value_is_shown_next_to_its_field(env: Env) -> None:
    before = projects.load(env.db, A)
    data = {}
    for i in range(len(before[0].risks)):
        data.update(_risk_row(env, i, **({"likelihood": "7"} if i == 0 else {})))
    r = _post(env, "member", "risk", data)
    assert r.status_code == 422
    message = re.search(r'id="err-risks-0--likelihood">([^<]*)<', r.text)
    assert message and "5" in message.group(1) and "7" in message.group(1), r.text[:500]
    assert 'value="7"' in r.text  # the user's input is kept
    assert projects.load(env.db, A)[1] == before[1]


def test_the_check_endpoint_validates_without_saving(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    v = projects.load(env.db, A)[1]
    r = c.post(f"/p/{A}/stages/intake/check", data={"csrf_token": token, "version": str(v),
                                                    "brief.objectives[0]._key": "new", "brief.objectives[0].id": "bad id!",
                                                    "brief.objectives[0].title": "x"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert 'hx-swap-oob="true"' in r.text and "brief-objectives-0--id" in r.text
    assert projects.load(env.db, A)[1] == v


def test_a_stale_edit_gets_a_conflict_with_both_versions(env: Env) -> None:
    base = projects.load(env.db, A)[1]
    first = _post(env, "member", "intake", {"brief.background": "甲的版本"}, version=base)
    assert first.status_code == 200
    second = _post(env, "lead", "intake", {"brief.background": "乙的版本"}, version=base, htmx=True)
    assert second.status_code == 409
    assert "甲的版本" in second.text and "乙的版本" in second.text  # theirs and mine
    assert "member" in second.text  # who changed it
    assert projects.load(env.db, A)[0].brief.background == "甲的版本"  # never a silent overwrite
    current = projects.load(env.db, A)[1]
    third = _post(env, "lead", "intake", {"brief.background": "乙的版本", "overwrite": str(current)}, version=base)
    assert third.status_code == 200
    assert projects.load(env.db, A)[0].brief.background == "乙的版本"


def test_table_rows_can_be_added_changed_and_removed(env: Env) -> None:
    p, _v = projects.load(env.db, A)
    data: dict[str, str] = {}
    for i in range(len(p.risks)):
        data.update(_risk_row(env, i))
    data["risks[0]._delete"] = "1"
    n = len(p.risks)
    data.update({f"risks[{n}].{k}": v for k, v in {"_key": "new", "id": "R-new", "description": "新风险",
                                                    "likelihood": "2", "severity": "3", "category": "legal",
                                                    "status": "open"}.items()})
    r = _post(env, "lead", "risk", data)
    assert r.status_code == 200, r.text[:300]
    after, _v = projects.load(env.db, A)
    ids = [x.id for x in after.risks]
    assert p.risks[0].id not in ids and "R-new" in ids and len(ids) == n
    kept = next(x for x in after.risks if x.id == p.risks[1].id)
    assert kept.trigger == p.risks[1].trigger  # fields the form does not show survive


def test_the_guided_flow_moves_to_the_next_stage(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    p, v = projects.load(env.db, A)
    order = list(Stage)
    nxt = order[p.stage.number] if p.stage.number < len(order) else order[0]
    r = c.post(f"/p/{A}/advance", data={"csrf_token": token, "version": str(v), "to": nxt.value},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith(nxt.value)
    assert projects.load(env.db, A)[0].stage == nxt


def test_the_l1_l3_switch_shows_the_level_3_sections(env: Env) -> None:
    c = env.client("lead")
    l1 = c.get(f"/p/{A}/stages/intake").text
    l3 = c.get(f"/p/{A}/stages/intake?depth=3").text
    assert 'name="brief.hidden_goals"' not in l1
    assert 'name="brief.hidden_goals"' in l3
    assert 'name="insight.personas[0]._key"' in c.get(f"/p/{A}/stages/insight?depth=3").text


def test_board_status_change_leaves_a_trail(env: Env) -> None:
    c = env.client("member")
    token = csrf_of(c, "/")
    p, v = projects.load(env.db, A)
    item = next(w for w in p.work_items if w.status.value != "in_progress")
    r = c.post(f"/p/{A}/plan/items/{item.id}/status", data={"csrf_token": token, "version": str(v),
                                                            "status": "in_progress"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and 'id="board"' in r.text
    after = projects.load(env.db, A)[0].work_item(item.id)
    assert after and after.status.value == "in_progress" and after.status_history[-1].by == "member"


def test_history_shows_a_diff_and_the_lead_restores(env: Env) -> None:
    _post(env, "member", "intake", {"brief.background": "改过的背景"})
    c = env.client("lead")
    v = projects.load(env.db, A)[1]
    page = c.get(f"/p/{A}/history/{v}").text
    assert "brief.background" in page and "改过的背景" in page
    token = csrf_of(c, "/")
    r = c.post(f"/p/{A}/history/1/restore", data={"csrf_token": token, "version": str(v)}, follow_redirects=False)
    assert r.status_code == 303
    p, v2 = projects.load(env.db, A)
    assert v2 == v + 1 and p.brief.background != "改过的背景"
    assert projects.history(env.db, A)[-1].author == "lead"


def test_money_and_language(env: Env) -> None:
    zh = env.client("lead").get(f"/p/{A}/budget").text
    assert "¥" in zh and "总预算" in zh
    en = env.client("viewer")
    en.post("/lang", data={"lang": "en", "csrf_token": csrf_of(en, "/")})
    text = en.get(f"/p/{A}/budget").text
    assert "Total budget" in text and "总预算" not in text


def test_the_intake_box_drafts_the_brief_and_lists_open_questions(env: Env) -> None:
    c = env.client("lead")
    token = csrf_of(c, "/")
    r = c.post("/projects", data={"csrf_token": token, "name": "双11 大促", "client": "青屿", "campaign_type": "promotion",
                                  "level": "1", "kickoff": "2026-09-01", "launch": "2026-11-11",
                                  "notes": "客户希望双11期间天猫成交额达到2000万，ROAS不低于3，预算约500万。"})
    assert r.status_code == 200 and "待向客户澄清的问题" in r.text
    pid = re.search(r'/p/([^/"]+)/stages/intake', r.text).group(1)  # type: ignore[union-attr]
    brief = projects.load(env.db, pid)[0].brief
    assert brief.objectives and brief.background
    assert projects.history(env.db, pid)[-1].author == "lead"


def test_long_tables_are_edited_a_page_at_a_time_without_losing_the_other_rows(env: Env) -> None:
    from aeflow.domain.validation import parse_project

    p, v = projects.load(env.db, A)
    data = p.model_dump(mode="json")
    for action_holder in data["cadence"]:
        for record in action_holder["records"]:
            for action in record["action_items"]:
                if action["becomes"] == "work_item":
                    action["ref"] = None
    data["work_items"] = [{"id": f"X{i:03d}", "title": f"item {i}"} for i in range(250)]
    v = projects.save(env.db, parse_project(data), expected_version=v, author="seed", reason="many items")
    c = env.client("member")
    page = c.get(f"/p/{A}/stages/monitoring?page=1").text
    assert 'value="100:200"' in page and 'name="work_items[150].title"' in page
    assert 'name="work_items[20].title"' not in page
    token = csrf_of(c, "/")
    form = {"csrf_token": token, "version": str(v), "page": "1", "work_items._window": "100:200"}
    for i in range(100, 200):
        form |= {f"work_items[{i}]._key": f"id:X{i:03d}", f"work_items[{i}].id": f"X{i:03d}",
                 f"work_items[{i}].title": f"item {i}" + (" (edited)" if i == 150 else ""),
                 f"work_items[{i}].role": "ae", f"work_items[{i}].status": "planned"}
    form["work_items[120]._delete"] = "1"
    r = c.post(f"/p/{A}/stages/monitoring", data=form)
    assert r.status_code == 200, r.text[:300]
    items = projects.load(env.db, A)[0].work_items
    assert len(items) == 249 and items[0].id == "X000" and items[-1].id == "X249"
    assert next(w for w in items if w.id == "X150").title == "item 150 (edited)"
    assert all(w.id != "X120" for w in items)


def test_the_cadence_page_says_each_meetings_rhythm_in_words(env: Env) -> None:
    page = env.client("lead").get(f"/p/{A}/cadence").text
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page)
    assert any(cell.startswith("每") for cell in cells)  # e.g. 每周二 10:00
    assert not [cell for cell in cells if "FREQ=" in cell]  # the rule itself only as the cell's tooltip



def _rendered_form(c: TestClient, project_id: str, stage: str, depth: str) -> dict[str, list[str]]:
    """What this browser would send for the stage form as the page renders it."""
    parser = FormValues()
    parser.feed(c.get(f"/p/{project_id}/stages/{stage}?depth={depth}").text)
    data: dict[str, list[str]] = {}
    for name, value in parser.pairs:
        data.setdefault(name, []).append(value)
    return data


def test_a_conflict_lists_each_sides_changed_fields_and_nothing_that_did_not_change(env: Env) -> None:
    before, base = projects.load(env.db, B)
    assert before.proposal.budget.roi is not None and len(before.proposal.timeline) >= 4
    me, colleague = env.client("admin"), env.client("other")
    mine = _rendered_form(me, B, "proposal", "3")  # opened at version `base` …
    theirs = _rendered_form(colleague, B, "proposal", "3")
    theirs["proposal.problem_statement"] = ["客户改了问题陈述"]  # … meanwhile someone else saves
    assert colleague.post(f"/p/{B}/stages/proposal", data=theirs).status_code == 200
    old_name = before.proposal.timeline[3].name
    mine["proposal.timeline[3].name"] = ["第四阶段新名"]
    r = me.post(f"/p/{B}/stages/proposal", data=mine, headers={"HX-Request": "true"})
    assert r.status_code == 409
    box = r.text[r.text.index('class="alert conflict"'):r.text.index('class="actions"')]
    theirs_side, mine_side = box.split('class="changes"')[1:3]
    assert "<code>proposal.problem_statement</code>" in theirs_side and "客户改了问题陈述" in theirs_side
    assert "<code>proposal.timeline[3].name</code>" in mine_side  # the row's field, not the whole timeline
    assert f"<del>{old_name}</del> → <ins>第四阶段新名</ins>" in mine_side
    assert mine_side.count("<li>") == 1  # and nothing else: no "roi 0.94 → 0.94" from the form's text
    assert "roi" not in box and "roas" not in box and "proposal.timeline</code>" not in box
    assert projects.load(env.db, B)[1] == base + 1  # nothing of mine was stored
