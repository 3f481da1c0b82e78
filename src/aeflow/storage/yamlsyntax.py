"""PyYAML's syntax errors as sentences in the user's language.

PyYAML reports what its parser expected (``expected <block end>, but found '<block mapping
start>'``), which says little to someone who edits a project file by hand. :func:`explain` maps the
common problems to what usually causes them and how to fix it; the original text is kept as a
detail, and anything not in the table falls back to it.
"""

from __future__ import annotations

import re

import yaml

from aeflow.i18n import N_, _

# (pattern on PyYAML's "problem" text, explanation): the first match wins.
_EXPLAINED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"found character '\\t'", N_("a tab character: YAML indents with spaces only")),
        (r"expected <block end>, but found '<block (mapping|sequence) start>'",
         N_("this line is indented more than the line above allows: line it up with its neighbours "
            "(same number of spaces)")),
        (r"expected <block end>, but found '(-|\?|<scalar>)'",
         N_("this line does not line up with the lines above: check its indentation "
            "(list items start with '- ' at the same column)")),
        (r"did not find expected '-' indicator",
         N_("a list item does not line up with the others: each starts with '- ' at the same column")),
        (r"did not find expected key",
         N_("a key does not line up with the keys above it: check the indentation")),
        (r"mapping values are not allowed here",
         N_("an unexpected ':' — put a value that contains ': ' in quotes, or check the indentation")),
        (r"could not find expected ':'",
         N_("a line is missing the ':' between its key and its value")),
        (r"quoted scalar.*found unexpected end of stream",
         N_("a quotation mark is opened but never closed")),
        (r"expected ',' or '\]'",
         N_("a [ … ] list is not closed, or its items are not separated by commas")),
        (r"expected ',' or '\}'",
         N_("a { … } mapping is not closed, or its items are not separated by commas")),
        (r"found character '(?P<char>[@`%|>*&!])' that cannot start any token",
         N_("a value starts with {char}, which YAML reserves: put the value in quotes")),
        (r"found undefined alias",
         N_("a value starts with '*', which YAML reads as a reference: put the value in quotes")),
        (r"found unknown escape character",
         N_("an unknown escape after a backslash inside double quotes: use single quotes, or write \\\\")),
        (r"expected a single document",
         N_("the file holds more than one YAML document (---): a project file holds exactly one")),
        (r"found unhashable key",
         N_("a key is a list or a mapping: keys must be plain text")),
    )
)


def explain(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """``(reason, line)`` for a YAML error: the explanation (in the current language) with the
    column and PyYAML's own words as a detail, and the 1-based line where the problem was found."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    original = " ".join(str(getattr(exc, "problem", "") or exc).split())
    context = " ".join(str(getattr(exc, "context", "") or "").split())
    sentence = None
    for pattern, text in _EXPLAINED:
        found = pattern.search(f"{context} {original}")
        if found:
            sentence = _(text, **found.groupdict())
            break
    if mark is None:
        return (sentence + " " + _("(YAML: {original})", original=original)) if sentence else original, None
    if sentence is None:
        return _("column {column}: {original}", column=mark.column + 1, original=original), mark.line + 1
    return (
        _("column {column}: {sentence} (YAML: {original})", column=mark.column + 1, sentence=sentence,
          original=original),
        mark.line + 1,
    )
