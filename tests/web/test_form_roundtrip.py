"""Round trip: posting a stage form back exactly as it was rendered changes nothing — for every stage
of both demo projects at both depths. This catches any field the form shows but reads back differently
(numbers, dates, lists in a cell, booleans, optional sub-records)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from aeflow.domain import Stage
from aeflow.services import projects

from .conftest import A, B, Env


class FormValues(HTMLParser):
    """The name/value pairs a browser would send for the form with id ``stage-form``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "stage-form":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind == "checkbox":
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            elif kind != "submit":
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], []
        elif tag == "select" and "name" in a:
            self._select, self._selected, self._first_option = a["name"], None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._selected = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.pairs.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.pairs.append((self._select, self._selected if self._selected is not None else self._first_option or ""))
            self._select = None


@pytest.mark.parametrize("project_id", [A, B])
@pytest.mark.parametrize("depth", ["1", "3"])
def test_posting_a_stage_form_back_unchanged_changes_nothing(env: Env, project_id: str, depth: str) -> None:
    c = env.client("admin")
    before, version = projects.load(env.db, project_id)
    for stage in Stage:
        html = c.get(f"/p/{project_id}/stages/{stage.value}?depth={depth}").text
        parser = FormValues()
        parser.feed(html)
        assert parser.pairs, stage
        data: dict[str, list[str]] = {}
        for name, value in parser.pairs:
            data.setdefault(name, []).append(value)
        r = c.post(f"/p/{project_id}/stages/{stage.value}", data=data)
        assert r.status_code == 200, (stage, r.text[r.text.find("<h1") : r.text.find("<h1") + 300])
        _after, new_version = projects.load(env.db, project_id)
        changes = projects.history(env.db, project_id)[-1].changes if new_version != version else []
        assert new_version == version, (stage, [(c.path, c.old, c.new) for c in changes][:5])
    assert projects.load(env.db, project_id)[0] == before
