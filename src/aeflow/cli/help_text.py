"""Help texts in the user's language: one place that translates the whole command tree.

The English help texts (command docstrings, ``help=`` of the Typer app, groups, options and
arguments) are the message ids; ``tools/i18n.py`` extracts them into the ``cli`` catalogs.
:class:`TranslatedGroup` is the root command's class: before Click parses anything — and so
before it renders any ``--help`` — it settles the interface language from the arguments and the
environment (``--lang``, then ``AEFLOW_LANG``, then the locale) and replaces every help text of
the tree by its translation.

``--lang`` is an option of the root command, but may also be given after a subcommand
(``aeflow plan --help --lang en``): it is then moved in front of the subcommand, so that it means
the same everywhere. A command that has a ``--lang`` of its own (``aeflow export --lang`` is the
document's language) keeps it; the interface language then comes from the root ``--lang``, the
environment or the locale.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer.core import TyperGroup

from aeflow.config import language_setting
from aeflow.errors import ConfigError
from aeflow.i18n import DEFAULT_LANGUAGE, N_, _, set_language

LANG_OPTION = "--lang"
# Texts of commands and parameters that are ours to translate (Typer reads them when it renders help).
COMMAND_TEXTS = ("help", "short_help", "epilog", "rich_help_panel")
PARAM_TEXTS = ("help", "rich_help_panel")

# Typer (0.29+) vendors its own copy of Click, so commands and options are recognised by what they
# have (``commands``, ``opts``), not by Click's classes.
Command = Any


def _subcommands(command: Command) -> dict[str, Command]:
    subs = getattr(command, "commands", None)
    return subs if isinstance(subs, dict) else {}


def translate_help(command: Command) -> None:
    """Replace the help texts of ``command`` and of everything under it by their translations into
    the current language. The English originals are kept, so calling it again in another language
    translates from them, not from the last translation."""
    for attr in COMMAND_TEXTS:
        _translate(command, attr)
    for param in command.params:
        for attr in PARAM_TEXTS:
            _translate(param, attr)
    for sub in _subcommands(command).values():
        translate_help(sub)


#: Typer's own words around the help texts (module constants of typer.rich_utils, read when help is drawn)
CHROME = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "ABORTED_TEXT": N_("Aborted."),
}


def translate_chrome() -> None:
    """Typer's panel titles and markers ("Options", "[required]" …) in the current language. Typer
    keeps them as module constants; what it does not keep there ("Usage:", the --help option's
    text) stays as Click writes it."""
    from typer import rich_utils

    for name, msgid in CHROME.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(msgid))


def _translate(obj: object, attr: str) -> None:
    key = f"_aeflow_msgid_{attr}"
    msgid = getattr(obj, key, None)
    if msgid is None:
        msgid = getattr(obj, attr, None)
        if not isinstance(msgid, str) or not msgid.strip():
            return
        setattr(obj, key, msgid)
    setattr(obj, attr, _(msgid))


def _option(command: Command, name: str) -> Any:
    for param in command.params:
        if param.param_type_name == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _values_after(option: Any, token: str) -> int:
    """How many of the following tokens are the value of ``token`` (``--opt value`` vs ``--opt=value``)."""
    if option is None or option.is_flag or option.count or "=" in token:
        return 0
    return max(option.nargs, 1)


def hoist_lang(root: Command, args: Sequence[str]) -> tuple[list[str], str | None]:
    """The arguments with any interface ``--lang`` given after a subcommand moved in front of that
    subcommand, and the interface language asked for (the last ``--lang``, or ``None``).

    Values of options are skipped by looking the options up in the command tree, so ``--reason
    --lang`` keeps ``--lang`` as the reason; everything after ``--`` is left alone.
    """
    tokens = list(args)
    command = root
    lang: str | None = None
    first_sub: int | None = None  # index of the root's subcommand
    moved: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            break
        if token.startswith("-") and token != "-":
            name, eq, value = token.partition("=")
            option = _option(command, name)
            if name == LANG_OPTION and (command is root or option is None):
                value = value if eq else (tokens[i + 1] if i + 1 < len(tokens) else "")
                if not value:
                    break  # no value: Click reports the usage error
                lang = value
                if command is not root:
                    moved += [LANG_OPTION, value]
                    del tokens[i : i + (1 if eq else 2)]
                    continue
                i += 1 if eq else 2
                continue
            i += 1 + _values_after(option, token)
            continue
        if token in _subcommands(command):
            if command is root:
                first_sub = i
            command = _subcommands(command)[token]
        i += 1
    if moved and first_sub is not None:
        tokens[first_sub:first_sub] = moved
    return tokens, lang


class TranslatedGroup(TyperGroup):
    """The root ``aeflow`` group: settles the language and translates every help text, then runs."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        tokens, lang = hoist_lang(self, given)
        try:
            set_language(language_setting(override=lang))
        except ConfigError:  # a bad --lang or AEFLOW_LANG: the root callback reports it
            set_language(DEFAULT_LANGUAGE)
        translate_help(self)
        translate_chrome()
        return super().main(
            args=None if args is None and tokens == given else tokens,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            windows_expand_args=windows_expand_args,
            **extra,
        )
