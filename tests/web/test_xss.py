"""Template output escapes user text: an XSS payload in every text field renders inert."""

from __future__ import annotations

from typing import Any

from aeflow.domain.validation import parse_project
from aeflow.errors import Invalid
from aeflow.services import accounts, projects

from .conftest import A, Env, csrf_of

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'&'
SKIP = {"id", "schema_version", "currency", "locale", "timezone", "frequency"}


def poison(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: (v if k in SKIP else poison(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and not value[:4].isdigit():
        return value + PAYLOAD
    return value


def unpoison(doc: dict[str, Any], original: dict[str, Any], path: tuple[Any, ...]) -> None:
    """Put the original value back at ``path`` (for fields whose rules refuse the payload)."""
    target, source = doc, original
    for part in path[:-1]:
        try:
            target, source = target[part], source[part]
        except (KeyError, IndexError, TypeError):
            return
    try:
        target[path[-1]] = source[path[-1]]
    except (KeyError, IndexError, TypeError):
        return


def poisoned_project(env: Env) -> int:
    project, version = projects.load(env.db, A)
    original = project.model_dump(mode="json")
    doc = poison(original)
    for _round in range(20):
        try:
            updated = parse_project(doc)
            break
        except Invalid as exc:
            for p in exc.problems:
                unpoison(doc, original, p.path)
                unpoison(doc, original, p.path[:-1])
    else:
        raise AssertionError("could not build a poisoned project")
    text_fields = sum(1 for _ in _strings(updated.model_dump(mode="json")) if PAYLOAD in _)
    assert text_fields >= 100, text_fields
    return projects.save(env.db, updated, expected_version=version, author="mallory", reason=PAYLOAD)


def _strings(value: Any) -> Any:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


PAGES = ["", "/client", "/plan", "/budget", "/risks", "/cadence", "/decisions", "/history", "/history/2",
         "/documents", "/share", "/intake"] + [f"/stages/{s}" for s in (
    "intake", "insight", "proposal", "budget", "collaboration", "risk", "monitoring", "retrospective")]


def test_payload_in_every_text_field_renders_inert(env: Env) -> None:
    poisoned_project(env)
    c = env.client("lead")
    for page in PAGES:
        r = c.get(f"/p/{A}{page}?depth=3")
        assert r.status_code == 200, page
        assert "<script>alert(" not in r.text, page
        assert "<img src=x" not in r.text, page
    portfolio = c.get("/").text
    assert "<script>alert(" not in portfolio and "&lt;script&gt;alert(" in portfolio
    lead = env.client("lead")
    token = csrf_of(lead, "/")
    html = lead.post(f"/p/{A}/share/links", data={"csrf_token": token, "days": "2", "label": PAYLOAD}).text
    assert "<script>alert(" not in html and "&lt;script&gt;" in html
    link = accounts.share_links(env.db, A)[0]
    shared = env.client().get("/s/" + env.app.state.signer.share(link.id)).text
    assert "<script>alert(" not in shared and "&lt;script&gt;alert(" in shared


def test_script_data_for_charts_cannot_close_its_script_element(env: Env) -> None:
    poisoned_project(env)
    html = env.client("lead").get(f"/p/{A}/plan").text
    start = html.index('id="gantt-data">')
    block = html[start:html.index("</script>", start)]
    assert "</" not in block and "<script" not in block
