"""Summary sentences made from the figures, and the contents 条例 第五十条 asks for beyond the tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run
from tests.report_helpers import BODY, FIGURES, FIGURES_2019, line_of, write_report


def built(zone: Path, year: int) -> tuple[str, dict]:
    result = run(zone, "build")
    assert result.code == 0, result.stderr + result.stdout
    page = (zone / f"public/annual-reports/{year}.html").read_text(encoding="utf-8")
    data = json.loads((zone / f"public/annual-reports/{year}.json").read_text(encoding="utf-8"))
    return page, data


def summaries_on(page: str) -> list[str]:
    return re.findall(r'<p class="report-summary">(.*?)</p>', page)


APPLICATIONS = (
    "本年度新收政府信息公开申请25件，上年结转3件；本年度办理完结22件，其中予以公开6件、部分公开3件（二者合计9件）、"
    "不予公开5件、无法提供4件、不予处理2件、其他处理2件；结转下年度继续办理6件。"
)


def test_summaries_are_made_from_the_figures(minimal: Path) -> None:
    write_report(minimal, 2025)
    page, data = built(minimal, 2025)
    assert summaries_on(page) == [data["summary"]["二"], data["summary"]["三"], data["summary"]["四"]]
    assert data["summary"]["二"] == (
        "本年度制发规章1件、行政规范性文件0件，废止规章0件、行政规范性文件0件，现行有效规章3件、行政规范性文件0件；"
        "本年处理决定：行政许可12件、行政处罚3件、行政强制1件；本年行政事业性收费金额1.25万元。"
    )
    assert data["summary"]["三"] == APPLICATIONS
    assert data["summary"]["四"] == (
        "本年度因政府信息公开工作被申请行政复议2件（结果维持1件、结果纠正1件），"
        "被提起行政诉讼2件（其他结果1件、尚未审结1件）。"
    )
    # each sentence sits in its own section, above that section's tables
    three = page.index(">三、收到和处理政府信息公开申请情况</h2>")
    assert three < page.index(APPLICATIONS) < page.index('class="report-table report-applications"')


def test_a_changed_figure_changes_the_sentence(minimal: Path) -> None:
    figures = FIGURES.replace("disclosed: {natural: 4,", "disclosed: {natural: 5,").replace(
        "carried_forward: {natural: 2,", "carried_forward: {natural: 1,"
    )
    write_report(minimal, 2025, figures)
    _page, data = built(minimal, 2025)
    assert "予以公开7件、部分公开3件（二者合计10件）" in data["summary"]["三"]
    assert data["summary"]["三"].endswith("结转下年度继续办理5件。")


def test_summaries_of_a_quiet_year(minimal: Path) -> None:
    write_report(minimal, 2025, "")
    _page, data = built(minimal, 2025)
    assert data["summary"]["三"] == "本年度未收到政府信息公开申请，也没有上年结转的申请。"
    assert data["summary"]["四"] == "本年度没有因政府信息公开工作被申请行政复议或者提起行政诉讼。"


def test_summary_in_the_2019_format(minimal: Path) -> None:
    write_report(minimal, 2020, FIGURES_2019)
    _page, data = built(minimal, 2020)
    assert data["summary"]["二"] == (
        "本年新制作规章0件、规范性文件2件，本年新公开规章0件、规范性文件2件，对外公开规章总数0件、规范性文件总数7件；"
        "处理决定：行政许可30件、其他对外管理服务事项4件、行政处罚6件、行政强制0件；政府集中采购项目3个，采购总金额12.5。"
    )
    assert data["summary"]["三"] == APPLICATIONS


def content_warnings(zone: Path) -> list[dict]:
    return [d for d in run(zone, "check", "--format", "json").diagnostics if d["code"] == "report-content"]


def test_government_report_must_state_assessment_appraisal_and_accountability(minimal: Path) -> None:
    body = BODY.replace(
        "政务公开工作考核结果为良好，社会评议满意度较高，\n本年度未发生政府信息公开工作责任追究情况。", ""
    )
    path = write_report(minimal, 2025, body=body)
    (found,) = content_warnings(minimal)
    assert found["severity"] == "warning"
    assert (
        found["message"]
        == "人民政府的年度报告应写明工作考核、社会评议和责任追究结果情况，缺少：工作考核、社会评议、责任追究结果"
    )
    assert found["line"] == line_of(path, "## 五、")
    assert found["hint"].startswith("条例第五十条第（四）项")


def test_a_department_report_need_not_state_them(minimal: Path) -> None:
    zone_yaml = minimal / "zone.yaml"
    zone_yaml.write_text(
        zone_yaml.read_text(encoding="utf-8").replace("name: 测试乡人民政府", "name: 测试县民政局"), encoding="utf-8"
    )
    body = BODY.replace(
        "政务公开工作考核结果为良好，社会评议满意度较高，\n本年度未发生政府信息公开工作责任追究情况。", ""
    )
    write_report(minimal, 2025, body=body)
    assert content_warnings(minimal) == []


def test_information_processing_fee_must_be_stated(minimal: Path) -> None:
    path = write_report(minimal, 2025, body=BODY.replace("本年度未收取信息处理费。", "无。"))
    (found,) = content_warnings(minimal)
    assert found["message"] == "“六、其他需要报告的事项”没有写明信息处理费的收取情况"
    assert found["line"] == line_of(path, "## 六、")
