"""Golden copy of the sample zone's HTML: a representative subset of pages, byte for byte.

Regenerate after an intended change to templates, views or the sample zone with

    python -m tests.golden --update

and review the diff of tests/golden/sample/ before committing it. The subset covers one
page of each kind the default theme renders and leaves out pages that other parts of
zonegen own or change often (home page, annual reports, search), so that unrelated work
does not break this test: see PAGES.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.machine_outputs import parse_outputs
from zonegen.build import build

HERE = Path(__file__).parent
REPO = HERE.parent.parent
GOLDEN = HERE / "sample"

PAGES = (
    "_records/2024-00012.html",  # 规范性文件: index table with 文号/有效性, its 解读
    "_records/2024-00013.html",  # 解读: link back to the document it interprets
    "_records/2025-00014.html",  # attachments (type and size) and a body table
    "domains/social-assistance/dibao-recipients/index.html",  # item page: catalog attributes
    "domains/social-assistance/index.html",  # domain page: its items with deadlines
    "domains/index-2.html",  # a column's second page: pagination
    "statutory/index.html",  # column with sub-columns
    "guide/index.html",  # the guide rendered from its structured fields
    "directory.html",  # 政府信息公开目录 by year
    "stats.html",  # statistics with inline SVG charts
)


def build_pages(out: Path) -> dict[str, str]:
    """Build the sample zone into out and return the golden subset of its pages."""
    result = build(REPO, out)
    if not result.ok:
        raise RuntimeError(
            "the sample zone does not build: "
            + "; ".join(d.message for d in result.diagnostics if d.severity == "error")
        )
    parse_outputs(out)  # the feed, sitemap and JSON files are well-formed (they are not kept as golden copies)
    return {page: (out / page).read_text(encoding="utf-8") for page in PAGES}


def differences(pages: dict[str, str], limit: int = 40) -> list[str]:
    """A short unified diff for each page that differs from its golden copy."""
    problems = []
    for page, text in pages.items():
        golden = GOLDEN / page
        if not golden.exists():
            problems.append(f"{page}: no golden copy (python -m tests.golden --update)")
            continue
        expected = golden.read_text(encoding="utf-8")
        if expected != text:
            diff = difflib.unified_diff(
                expected.splitlines(), text.splitlines(), f"golden/{page}", f"built/{page}", lineterm="", n=1
            )
            problems.append("\n".join(list(diff)[:limit]))
    return problems


def update(pages: dict[str, str]) -> None:
    """Replace the golden copies with freshly built pages."""
    for stale in GOLDEN.rglob("*.html") if GOLDEN.exists() else []:
        stale.unlink()
    for page, text in pages.items():
        target = GOLDEN / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
