"""How an agency tunes the pitfall checker (``aeflow lint``): rules switched off or re-graded."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from aeflow.domain.common import Record


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    advice = "advice"


class LintConfig(Record):
    disable: list[str] = Field(default_factory=list, description="rule ids to skip, e.g. AE304")
    severity: dict[str, Severity] = Field(default_factory=dict, description="rule id → new severity")

    def merged(self, other: LintConfig | None) -> LintConfig:
        """This config with ``other`` (more specific, e.g. the project's) applied on top."""
        if other is None:
            return self
        return LintConfig(disable=sorted(set(self.disable) | set(other.disable)),
                          severity={**self.severity, **other.severity})
