"""Diagnostics are values: collected while loading and validating, formatted in one place."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from zonegen.codes import SEVERITY_LABEL, Severity, lookup


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a zone: where it is, what it is, and how to fix it."""

    severity: Severity
    code: str
    file: str | None
    line: int | None
    column: int | None
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        # Every code is declared once in zonegen/codes.py; a call site names the values,
        # the registry says how serious it is and what to do when the call site cannot.
        entry = lookup(self.code, self.severity)
        if not self.hint:
            object.__setattr__(self, "hint", entry.hint)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file or "", self.line or 0, self.column or 0, self.code, self.message)

    @property
    def where(self) -> str:
        """file:line:column as the clerk reads it ("zone" for the zone as a whole)."""
        where = self.file or "zone"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    @property
    def label(self) -> str:
        return SEVERITY_LABEL[self.severity]

    def to_text(self) -> str:
        text = f"{self.where}: {self.label} {self.code} {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


class Diagnostics:
    """An ordered collection of diagnostics for one file or one whole zone."""

    def __init__(self, file: str | None = None) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def error(
        self,
        code: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        file: str | None = None,
    ) -> None:
        self.items.append(Diagnostic("error", code, file or self.file, line, column, message, hint))

    def warning(
        self,
        code: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        file: str | None = None,
    ) -> None:
        self.items.append(Diagnostic("warning", code, file or self.file, line, column, message, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def sort_diagnostics(items: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order by file, then position, so output is stable and easy to scan."""
    return sorted(set(items), key=Diagnostic.sort_key)


def summary(items: list[Diagnostic]) -> str:
    """The closing line of a report: how many errors and warnings, or that there were none."""
    if not items:
        return "检查通过：没有发现问题。"
    errors = sum(1 for d in items if d.is_error)
    return f"共 {errors} 个错误，{len(items) - errors} 个警告。"


def format_text(items: list[Diagnostic]) -> str:
    return "\n".join([*(d.to_text() for d in items), summary(items)])


def format_json(items: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in items], ensure_ascii=False, indent=2)


def blocks(items: Iterable[Diagnostic], strict: bool) -> bool:
    """Whether these diagnostics stop a build (errors always; warnings under --strict)."""
    return any(d.is_error or strict for d in items)
