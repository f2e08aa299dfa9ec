"""Report figures are computed once: validation resolves them, render uses the same objects."""

from __future__ import annotations

import builtins
import io
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run
from tests.report_helpers import write_report

CSV = """\
收到日期,申请人类型,办理结果,答复日期,是否延期
2025-03-03,自然人,予以公开,2025-03-20,否
2025-04-07,商业企业,保护第三方合法权益,2025-05-20,否
"""


def count_opens(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every file opened for reading from now on, by resolved path."""
    opened: Counter[str] = Counter()
    real: Callable[..., Any] = io.open

    def counting(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and "r" in mode:
            opened[str(Path(file).resolve())] += 1
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", counting)  # what pathlib's read_bytes / read_text call
    monkeypatch.setattr(builtins, "open", counting)
    return opened


def test_ledger_and_reports_are_read_once_per_build(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (minimal / "data").mkdir()
    ledger = minimal / "data" / "applications.csv"
    ledger.write_text(CSV, encoding="utf-8")
    last = write_report(minimal, 2024)
    this = write_report(minimal, 2025, "proactive:\n  licensing: 2\n")
    opened = count_opens(monkeypatch)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    assert opened[str(ledger.resolve())] == 1
    assert opened[str(last.resolve())] == 1
    assert opened[str(this.resolve())] == 1
    # and what render wrote is what validation computed: section 三 from the ledger
    data = json.loads((minimal / "public" / "annual-reports" / "2025.json").read_text(encoding="utf-8"))
    assert data["applications"]["source"] == "data/applications.csv"
    assert data["applications"]["new"]["total"] == 2


def test_check_reads_each_report_once(minimal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Positions of figures come from the parsed record, not from reading the file a second time."""
    path = write_report(minimal, 2025)
    opened = count_opens(monkeypatch)
    assert run(minimal, "check").code == 0
    assert opened[str(path.resolve())] == 1
