"""Annual-report records for tests: a balanced report with every cell distinct, and a writer."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import write_record

ORG = "11330000000000000X"

# Every column differs, so a figure landing in the wrong cell shows in the golden tables.
FIGURES = """\
proactive:
  rules: {issued: 1, repealed: 0, in_force: 3}
  licensing: 12
  penalties: 3
  enforcement: 1
  fees: 1.25
applications:
  new: {natural: 10, commercial: 2, research: 1, nonprofit: 3, legal: 4, other_org: 5}
  carried_over: {natural: 2, legal: 1}
  results:
    disclosed: {natural: 4, commercial: 1, nonprofit: 1}
    partial: {natural: 2, research: 1}
    withheld:
      third_party: {natural: 1, legal: 2}
      process_info: {other_org: 2}
    unavailable:
      not_held: {natural: 2, nonprofit: 1, other_org: 1}
    not_processed:
      duplicate: {natural: 1, legal: 1}
    other:
      no_fee: {commercial: 1, other_org: 1}
  carried_forward: {natural: 2, nonprofit: 1, legal: 2, other_org: 1}
appeals:
  review: {upheld: 1, corrected: 1, other: 0, pending: 0}
  lawsuit: {upheld: 0, corrected: 0, other: 0, pending: 1}
  lawsuit_after_review: {upheld: 0, corrected: 0, other: 1, pending: 0}
"""

# The same applications in the 2019 format (国办公开办函〔2019〕60号), as reports for 2019 and 2020
# are written: section 二 has its own columns and items, and （六）其他处理 is one row.
FIGURES_2019 = """\
proactive:
  rules: {made: 0, published: 0, public_total: 0}
  normative: {made: 2, published: 2, public_total: 7}
  licensing: {last_year: 12, change: -2, decisions: 30}
  other_services: {last_year: 3, change: 1, decisions: 4}
  penalties: {last_year: 5, change: 0, decisions: 6}
  enforcement: {last_year: 1, change: 0, decisions: 0}
  fees: {last_year: 2, change: -1}
  procurement: {projects: 3, amount: 12.5}
""" + FIGURES[FIGURES.index("applications:") :].replace(
    "    other:\n      no_fee: {commercial: 1, other_org: 1}\n", "    other: {commercial: 1, other_org: 1}\n"
)

BODY = """\
本报告按国家统一格式编制。

## 一、总体情况

{year}年，本乡全年主动公开政府信息{count}条。

## 五、存在的主要问题及改进情况

{year}年的问题是栏目更新不够及时，改进措施是建立发布台账。政务公开工作考核结果为良好，社会评议满意度较高，
本年度未发生政府信息公开工作责任追究情况。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def write_report(
    zone: Path, year: int, figures: str = FIGURES, body: str | None = None, seq: int | None = None, extra: str = ""
) -> Path:
    """content/annual-reports/<year>.md, created in January of the next year."""
    seq = seq if seq is not None else 900 + year % 100
    front = (
        f"title: 测试乡人民政府{year}年政府信息公开工作年度报告\n"
        f"index_no: {ORG}/{year + 1}-{seq:05d}\n"
        f"created: {year + 1}-01-10\npublished: {year + 1}-01-15\nkind: 年度报告\nyear: {year}\n"
        f"{extra}{figures}"
    )
    text = body if body is not None else BODY.format(year=year, count=100 + year % 100)
    return write_record(zone, f"annual-reports/{year}.md", front, text)


def write_normative(
    zone: Path, name: str, created: str, seq: int, validity: str = "有效", repealed: str | None = None
) -> Path:
    front = (
        f"title: 关于印发{name}的通知\nindex_no: {ORG}/{created[:4]}-{seq:05d}\n"
        f"created: {created}\npublished: {created}\nkind: 规范性文件\nvalidity: {validity}\n"
    )
    if repealed:
        front += f"repealed: {repealed}\n"
    return write_record(zone, f"notices/{name}.md", front, f"{name}全文。\n")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing needle."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


_TABLE = re.compile(r'<table class="report-table[^"]*">.*?</table>', re.S)


def report_tables(html: str) -> str:
    """The report tables of a page, one after the other."""
    return "\n".join(_TABLE.findall(html)) + "\n"
