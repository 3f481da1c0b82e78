"""Reusable date-order rule for records with a start and an end."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError


def not_before(start_field: str):
    """A field validator body: the validated date must not be before ``start_field``."""

    def check(value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get(start_field)
        if value is not None and start is not None and value < start:
            raise PydanticCustomError(
                "date_before_start",
                "{field} {value} is before {start_field} {start}",
                {"field": info.field_name, "value": value.isoformat(), "start_field": start_field,
                 "start": start.isoformat()},
            )
        return value

    return check
