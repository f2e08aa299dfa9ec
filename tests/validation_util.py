"""Helpers for the diagnostic tests: plant a fault, run `check` as a user would, compare exactly."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run

# A record that is valid in tests/zones/minimal (notices column, next free 索引号).
GOOD_FRONT = """\
title: 关于测试的通知
index_no: 11330000000000000X/2025-00010
created: 2025-03-01
published: 2025-03-02
"""


def diag(
    code: str,
    file: str | None,
    line: int | None,
    column: int | None,
    message: str,
    hint: str | None,
    severity: str = "error",
) -> dict:
    """One diagnostic as `check --format json` prints it."""
    return {
        "severity": severity,
        "code": code,
        "file": file,
        "line": line,
        "column": column,
        "message": message,
        "hint": hint,
    }


def write_bytes(zone: Path, rel: str, data: bytes) -> Path:
    path = zone / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_text(zone: Path, rel: str, text: str) -> Path:
    return write_bytes(zone, rel, text.encode("utf-8"))


def check_json(zone: Path, *extra: str) -> tuple[int, list[dict]]:
    """Exit code and diagnostics of `zonegen check --format json`; stdout must be only JSON."""
    result = run(zone, "check", "--format", "json", *extra)
    return result.code, result.diagnostics


def problems(zone: Path) -> list[dict]:
    """The diagnostics of a zone that must fail the check."""
    code, items = check_json(zone)
    assert code == 1, items
    return items


def check_text(zone: Path) -> str:
    result = run(zone, "check")
    assert result.code == 1, result.stdout
    return result.stdout
