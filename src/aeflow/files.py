"""Why a user's file cannot be read, in the user's language.

The one place an operating-system error (and a workbook that is not one) becomes a sentence: the
importers, the project-file reader and the services that read a user's file all call
:func:`unreadable_reason`, and keep the system's own words (English, whatever the user's language)
as ``detail`` on the error they raise.
"""

from __future__ import annotations

from aeflow.i18n import _


def unreadable_reason(exc: OSError) -> str:
    """The common kinds (missing, a folder, no permission) in words; others as the system says."""
    if isinstance(exc, FileNotFoundError):
        return _("the file does not exist")
    if isinstance(exc, IsADirectoryError):
        return _("it is a folder, not a file")
    if isinstance(exc, PermissionError):
        return _("permission denied: this account may not read it")
    if isinstance(exc, NotADirectoryError):
        return _("part of the path is a file, not a folder")
    return _("the system reports: {detail}", detail=exc.strerror or str(exc) or type(exc).__name__)


def detail(exc: BaseException) -> str:
    """The original error's own words, kept beside the translated sentence."""
    return str(exc) or type(exc).__name__


def not_a_workbook(name: str = "") -> str:
    """A ``.xlsx`` file whose content is not an Excel workbook (a zip archive)."""
    if not name:
        return _("the file is not an Excel workbook (.xlsx): it may be an old .xls file or another file renamed; "
                 "save it from Excel as .xlsx and try again")
    return _("{file} is not an Excel workbook (.xlsx): it may be an old .xls file or another file renamed; "
             "save it from Excel as .xlsx or CSV and try again", file=name)
