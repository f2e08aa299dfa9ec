"""Running `zonegen audit` in tests: the findings as (rule, code, file) and the fixture zone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import ZONES, run

AS_OF = "2026-11-20"


def audit(zone: Path, *args: str, as_of: str = AS_OF) -> dict:
    result = run(zone, "audit", "--format", "json", "--as-of", as_of, *args)
    assert result.code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    data["exit"] = result.code
    return data


def found(data: dict, rule: str | None = None) -> set[tuple[str, str, str | None]]:
    return {(f["rule"], f["code"], f["file"]) for f in data["findings"] if rule is None or f["rule"] == rule}


def copy_fixture(tmp: Path) -> Path:
    target = tmp / "audit-zone"
    shutil.copytree(ZONES / "audit", target)
    return target


def append_yaml(zone: Path, text: str, name: str = "zone.yaml") -> None:
    path = zone / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
