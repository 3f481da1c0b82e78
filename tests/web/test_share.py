"""Share links: signed, expiring, revocable, read-only, and showing the client view only."""

from __future__ import annotations

import re
from decimal import Decimal

from aeflow.services import accounts, projects
from aeflow.web import views

from .conftest import A, Env, csrf_of


def _link(env: Env, days: int = 7) -> str:
    lead = env.client("lead")
    token = csrf_of(lead, "/")
    r = lead.post(f"/p/{A}/share/links", data={"csrf_token": token, "days": str(days), "label": "客户市场部"})
    urls = re.findall(r'value="(http[^"]+/s/[^"]+)"', r.text)
    assert urls, "the new link is shown to the lead"
    return urls[0].split("testserver", 1)[1]


def internal_numbers(env: Env) -> list[str]:
    """Text that must never reach the client: costs, fees, internal notes, unconfirmed decisions."""
    p, _v = projects.load(env.db, A)
    out: list[str] = []
    for line in p.budget.lines:
        out += [line.notes] if line.notes else []
        for amount in (line.planned, line.committed, line.actual):
            if amount and amount > Decimal(1000):
                out.append(f"{int(amount):,}")
    if p.budget.agency_fee:
        out.append(f"{int(p.budget.agency_fee):,}")
    out += [w.notes for w in p.work_items if w.notes]
    out += [d.what for d in p.decisions if d.internal or not d.client_confirmed]
    if p.client.relationship_notes:
        out.append(p.client.relationship_notes[:20])
    return [t for t in out if t]


def test_a_share_link_opens_the_client_view_without_internal_numbers(env: Env) -> None:
    path = _link(env)
    anonymous = env.client()
    r = anonymous.get(path)
    assert r.status_code == 200
    p, _v = projects.load(env.db, A)
    assert p.name in r.text
    secrets = internal_numbers(env)
    assert len(secrets) >= 3
    leaked = [s for s in secrets if s in r.text]
    assert not leaked, leaked
    assert 'action="/p/' not in r.text and "hx-post" not in r.text  # nothing to change from here


def test_the_client_view_data_leaves_out_every_internal_field(env: Env) -> None:
    p, _v = projects.load(env.db, A)
    view = views.client_view(p, env.clock().date())
    text = repr(view)
    for secret in internal_numbers(env):
        assert secret not in text
    assert {"planned", "agency_fee", "notes", "vendor"}.isdisjoint(_keys(view))


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_an_expired_link_is_refused(env: Env) -> None:
    path = _link(env, days=2)
    assert env.client().get(path).status_code == 200
    env.clock.advance(days=2, seconds=1)
    r = env.client().get(path)
    assert r.status_code == 404 and "过期" in r.text


def test_a_revoked_link_is_refused(env: Env) -> None:
    path = _link(env)
    link = accounts.share_links(env.db, A)[0]
    lead = env.client("lead")
    token = csrf_of(lead, "/")
    lead.post(f"/p/{A}/share/links/{link.id}/revoke", data={"csrf_token": token})
    assert env.client().get(path).status_code == 404


def test_a_tampered_or_unsigned_link_is_refused(env: Env) -> None:
    path = _link(env)
    link = accounts.share_links(env.db, A)[0]
    assert env.client().get(f"/s/{link.id}").status_code == 404  # the bare id is not a signed token
    assert env.client().get(path[:-2] + ("AA" if not path.endswith("AA") else "BB")).status_code == 404


def test_share_links_are_read_only(env: Env) -> None:
    path = _link(env)
    c = env.client()
    token = csrf_of(c)
    for method in ("POST", "PUT", "DELETE"):
        assert c.request(method, path, data={"csrf_token": token}).status_code == 405
