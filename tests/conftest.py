"""Shared fixtures: small named zones copied to a temporary folder, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from zonegen.cli import main

ZONES = Path(__file__).parent / "zones"
REPO = Path(__file__).parent.parent


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def diagnostics(self) -> list[dict]:
        return json.loads(self.stdout)


def run(zone: Path | None, *args: str) -> Result:
    """Run zonegen as a user would; stdout and stderr are kept apart."""
    runner = CliRunner()
    argv = (["--zone", str(zone)] if zone is not None else []) + list(args)
    result = runner.invoke(main, argv, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A copy of tests/zones/minimal that a test may change."""
    target = tmp_path / "zone"
    shutil.copytree(ZONES / "minimal", target)
    return target


def write_record(zone: Path, rel: str, front: str, body: str = "正文。\n") -> Path:
    """Write content/<rel> with the given front matter text (without the --- lines)."""
    path = zone / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


def site_pages(out: Path) -> list[Path]:
    """Every page of a built site; the small pages left at records' former addresses are not pages."""
    return sorted(p for p in out.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))


def output_text(out: Path) -> str:
    """Every text file of a built site, concatenated (for canary searches)."""
    parts = []
    for path in sorted(out.rglob("*")):
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
            parts.append(path.relative_to(out).as_posix())
    return "\n".join(parts)
