"""The all-zero report, the annual-reports column, publication rules and `zonegen new annual-reports`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from tests.conftest import REPO, output_text, run
from tests.report_helpers import FIGURES, report_tables, write_normative, write_report
from zonegen.report.schema import SECTIONS

ZERO_FIGURES = """\
proactive:
  rules: {issued: 0, repealed: 0, in_force: 0}
  normative: {issued: 0, repealed: 0, in_force: 0}
  licensing: 0
  penalties: 0
  enforcement: 0
  fees: 0
applications:
  new: {}
  carried_over: {}
  results: {}
  carried_forward: {}
appeals:
  review: {upheld: 0, corrected: 0, other: 0, pending: 0}
  lawsuit: {upheld: 0, corrected: 0, other: 0, pending: 0}
  lawsuit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0}
"""


def test_all_zero_report_renders(minimal: Path) -> None:
    # Many townships receive no application in a year: every cell shows 0, nothing is left blank.
    write_report(minimal, 2025, ZERO_FIGURES)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    page = (minimal / "public/_records/2026-00925.html").read_text(encoding="utf-8")
    tables = report_tables(page)
    cells = re.findall(r"<td>(.*?)</td>", tables)
    # 二: 6 + 1 + 2 + 1; 三: 25 rows × 7; 四: 15.
    assert len(cells) == 10 + 25 * 7 + 15
    assert set(cells) == {"0"}
    assert tables.count("<tr>") == 4 * 2 + 2 + 1 + 2 + 1 + 3 + 25 + 3 + 1
    data = json.loads((minimal / "public/annual-reports/2025.json").read_text(encoding="utf-8"))
    assert data["applications"]["results"]["total"]["total"] == 0
    assert data["proactive"]["fees"] == 0.0


def test_report_without_any_figures_is_all_zero(minimal: Path) -> None:
    write_report(minimal, 2025, "")
    assert run(minimal, "build").code == 0
    cells = re.findall(
        r"<td>(.*?)</td>", report_tables((minimal / "public/_records/2026-00925.html").read_text(encoding="utf-8"))
    )
    assert set(cells) == {"0"}


def test_column_lists_every_year_with_chart(minimal: Path) -> None:
    write_report(minimal, 2023, ZERO_FIGURES)
    write_report(
        minimal,
        2024,
        ZERO_FIGURES.replace("  carried_forward: {}", "  carried_forward: {natural: 2}").replace(
            "  new: {}", "  new: {natural: 2}"
        ),
    )
    write_report(minimal, 2025)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    page = (minimal / "public/annual-reports/index.html").read_text(encoding="utf-8")
    years = re.findall(r'<th scope="row">(\d{4})年</th>', page)
    assert years == ["2025", "2024", "2023"]
    for year in years:
        assert f'href="../_records/{int(year) + 1}-{900 + int(year) % 100:05d}.html"' in page
        assert f'href="../annual-reports/{year}.json"' in page
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg
    assert "<title>2025年 本年新收申请 25 件</title>" in svg
    assert "<title>2025年 予以公开 6 件</title>" in svg
    assert "<title>2023年 本年新收申请 0 件</title>" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no external reference
    assert 'href="../_static/report.css"' in page


def test_empty_column(minimal: Path) -> None:
    assert run(minimal, "build").code == 0
    page = (minimal / "public/annual-reports/index.html").read_text(encoding="utf-8")
    assert "暂无年度报告" in page
    assert "<svg" not in page.split('<footer class="site-footer">', 1)[0]  # the footer has the QR code


def test_unpublished_report_reaches_no_output(minimal: Path) -> None:
    write_report(minimal, 2024, FIGURES.replace("licensing: 12", "licensing: 424242"), extra="disclosure: 依申请公开\n")
    write_report(minimal, 2025)
    result = run(minimal, "build")
    assert result.code == 0, result.stderr
    out = minimal / "public"
    assert not (out / "annual-reports/2024.json").exists()
    assert not (out / "_records/2025-00924.html").exists()
    text = output_text(out)
    assert "424242" not in text
    assert "测试乡人民政府2024年政府信息公开工作年度报告" not in text


def test_report_page_print_stylesheet_is_a4(minimal: Path) -> None:
    write_report(minimal, 2025)
    assert run(minimal, "build").code == 0
    css = (minimal / "public/_static/report.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*{\s*@page\s*{\s*size:\s*A4", css)


def test_new_annual_report_scaffold(minimal: Path) -> None:
    write_normative(minimal, "甲办法", "2025-02-01", 10)
    write_normative(minimal, "乙办法", "2023-05-01", 11, "废止", "2025-09-30")
    last_year = (
        ZERO_FIGURES.replace("  normative: {issued: 0, repealed: 0, in_force: 0}\n", "")
        .replace("  carried_forward: {}", "  carried_forward: {natural: 2, legal: 1}")
        .replace("  new: {}", "  new: {natural: 2, legal: 1}")
    )
    write_report(minimal, 2024, last_year)
    result = run(minimal, "new", "annual-reports", "2025", "--date", "2026-01-12")
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "已创建 content/annual-reports/2025.md"
    text = (minimal / "content/annual-reports/2025.md").read_text(encoding="utf-8")
    assert 'title: "测试乡人民政府2025年政府信息公开工作年度报告"' in text
    assert "index_no: 11330000000000000X/2026-00001" in text
    assert "year: 2025" in text
    assert "  normative: {issued: 1, repealed: 1, in_force: 1}" in text
    assert "  carried_over: {natural: 2, legal: 1}" in text
    assert "  licensing: 0" in text
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == [title for _, title in SECTIONS]
    # It parses; what remains for the clerk is what the zone cannot know.
    check = run(minimal, "check", "--format", "json")
    codes = {d["code"] for d in check.diagnostics if d["file"] == "content/annual-reports/2025.md"}
    assert codes == {"report-balance", "report-section"}
    again = run(minimal, "new", "annual-reports", "2025")
    assert again.code == 1
    assert "2025 年度报告已存在：content/annual-reports/2025.md" in again.stderr


def test_new_in_report_column_with_a_title_still_makes_a_record(minimal: Path) -> None:
    result = run(minimal, "new", "annual-reports", "补充说明", "--date", "2026-01-12")
    assert result.code == 0, result.stderr
    assert "year: 2025" in (minimal / "content/annual-reports/2026-00001.md").read_text(encoding="utf-8")


def test_sample_zone_reports_are_consistent(tmp_path: Path) -> None:
    zone = tmp_path / "sample"
    shutil.copytree(REPO, zone, ignore=shutil.ignore_patterns(".git", ".venv", "public", "tests", "bench"))
    result = run(zone, "check", "--format", "json")
    assert result.code == 0
    assert [d for d in result.diagnostics if d["file"] and "annual-reports" in d["file"]] == []
    assert [d for d in result.diagnostics if d["file"] == "data/applications.csv"] == []
