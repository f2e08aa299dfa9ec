"""The report page: all six sections in order, tables shaped and labelled as the national format.

Regenerate the golden tables after a deliberate change: ZONEGEN_REGOLDEN=1 pytest tests/test_report_tables.py
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import run
from tests.report_helpers import report_tables, write_normative, write_report

GOLDEN = Path(__file__).parent / "golden" / "report_tables.html"


class _Tables(HTMLParser):
    """Report tables as grids: every row expanded over rowspans and colspans."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, list[list[tuple[str, str, int, int]]]]] = []
        self.part = ""
        self.cell: list | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "table" and "report-table" in (a.get("class") or ""):
            self.tables.append({"thead": [], "tbody": [], "class": a["class"]})
        elif not self.tables:
            return
        elif tag in ("thead", "tbody"):
            self.part = tag
        elif tag == "tr":
            self.tables[-1][self.part].append([])
        elif tag in ("th", "td"):
            self.cell = [tag, "", int(a.get("rowspan", 1)), int(a.get("colspan", 1))]

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][self.part][-1].append(tuple(self.cell))
            self.cell = None


def grid(rows: list[list[tuple[str, str, int, int]]]) -> list[list[str]]:
    """Expand spans: grid[r][c] is the text of the cell covering that slot."""
    out: list[dict[int, str]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for _tag, text, rowspan, colspan in row:
            while c in out[r]:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    out[r + dr][c + dc] = text
            c += colspan
    return [[line[c] for c in sorted(line)] for line in out]


def built_page(zone: Path) -> str:
    write_normative(zone, "甲办法", "2025-02-01", 10)
    write_normative(zone, "乙办法", "2023-05-01", 11, "废止", "2025-09-30")
    write_report(zone, 2025)
    result = run(zone, "build")
    assert result.code == 0, result.stderr
    return (zone / "public/_records/2026-00925.html").read_text(encoding="utf-8")


def test_report_tables_match_golden(minimal: Path) -> None:
    tables = report_tables(built_page(minimal))
    if os.environ.get("ZONEGEN_REGOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(tables, encoding="utf-8")
    assert tables == GOLDEN.read_text(encoding="utf-8")


def test_six_sections_in_national_order(minimal: Path) -> None:
    page = built_page(minimal)
    titles = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    positions = [page.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)
    # Prose from the body sits under its own section, not elsewhere.
    assert positions[0] < page.index("2025年，本乡全年主动公开政府信息125条") < positions[1]
    assert positions[4] < page.index("建立发布台账") < positions[5]
    assert page.index("本报告按国家统一格式编制") < positions[0]
    assert 'href="../_static/report.css"' in page


def test_section_two_four_subtables_with_computed_normative_counts(minimal: Path) -> None:
    parser = _Tables()
    parser.feed(built_page(minimal))
    proactive = [t for t in parser.tables if "report-proactive" in t["class"]]
    assert len(proactive) == 4
    assert [grid(t["thead"])[0][0] for t in proactive] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert grid(proactive[0]["thead"])[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    # 甲 issued in 2025; 乙 repealed in 2025; only 甲 in force at the end of 2025.
    assert grid(proactive[0]["tbody"]) == [["规章", "1", "0", "3"], ["行政规范性文件", "1", "1", "1"]]
    assert grid(proactive[1]["tbody"]) == [["行政许可", "12"]]
    assert grid(proactive[2]["thead"])[1] == ["信息内容", "本年处理决定数量"]
    assert grid(proactive[2]["tbody"]) == [["行政处罚", "3"], ["行政强制", "1"]]
    assert grid(proactive[3]["thead"])[1] == ["信息内容", "本年收费金额（单位：万元）"]
    assert grid(proactive[3]["tbody"]) == [["行政事业性收费", "1.25"]]


def test_section_three_shape_labels_and_computed_totals(minimal: Path) -> None:
    parser = _Tables()
    parser.feed(built_page(minimal))
    (table,) = [t for t in parser.tables if "report-applications" in t["class"]]
    head, body = grid(table["thead"]), grid(table["tbody"])
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert head[0] == [note] * 3 + ["申请人情况"] * 7
    assert head[1] == [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert head[2] == [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert len(body) == 25
    assert all(len(row) == 10 for row in body)  # 3 label columns + 7 data columns
    labels = {tuple(dict.fromkeys(row[:3])): row[3:] for row in body}
    assert labels[("一、本年新收政府信息公开申请数量",)] == ["10", "2", "1", "3", "4", "5", "25"]
    assert labels[("二、上年结转政府信息公开申请数量",)] == ["2", "0", "0", "0", "1", "0", "3"]
    assert labels[("三、本年度办理结果", "（一）予以公开")] == ["4", "1", "0", "1", "0", "0", "6"]
    third_party = ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益")
    assert labels[third_party] == ["1", "0", "0", "0", "2", "0", "3"]
    assert labels[("三、本年度办理结果", "（六）其他处理", "3.其他")] == ["0"] * 7
    assert labels[("三、本年度办理结果", "（七）总计")] == ["10", "2", "1", "2", "3", "4", "22"]
    assert labels[("四、结转下年度继续办理",)] == ["2", "0", "0", "1", "2", "1", "6"]
    # The groups （三）–（六） label their reasons: no row of their own, so no subtotal.
    for group, count in (("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)):
        rows = [row for row in body if row[1] == group]
        assert len(rows) == count and all(row[2] != group for row in rows)
    assert sum(1 for row in body if row[0] == "三、本年度办理结果") == 22


def test_section_four_fifteen_cells(minimal: Path) -> None:
    parser = _Tables()
    parser.feed(built_page(minimal))
    (table,) = [t for t in parser.tables if "report-appeals" in t["class"]]
    head, body = grid(table["thead"]), grid(table["tbody"])
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert head[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert head[1] == outcomes + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert head[2] == outcomes * 3
    assert body == [["1", "1", "0", "0", "2", "0", "0", "0", "1", "1", "0", "0", "1", "0", "1"]]


def test_report_json_export(minimal: Path) -> None:
    built_page(minimal)
    data = json.loads((minimal / "public/annual-reports/2025.json").read_text(encoding="utf-8"))
    assert data["year"] == 2025
    assert data["url"] == "_records/2026-00925.html"
    assert data["proactive"]["normative"] == {"issued": 1, "repealed": 1, "in_force": 1}
    assert data["proactive"]["fees"] == 1.25
    assert data["applications"]["new"]["total"] == 25
    assert data["applications"]["results"]["total"]["total"] == 22
    assert data["applications"]["results"]["withheld"]["third_party"]["legal"] == 2
    assert data["appeals"]["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2}
