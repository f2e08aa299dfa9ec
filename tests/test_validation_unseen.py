"""A zone in the shape acceptance tests use: its own catalog and index format, dozens of planted faults.

Every fault is reported at its file (and line) in one run; once the faulty files are taken out
the clean part builds, and nothing that is not 主动公开 reaches any output file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ZONES, output_text, run
from tests.validation_util import check_json

GONGGAO = "content/fading/gonggao"
# (file, line, code) of every diagnostic; the planted fault's file comes first in each pair.
EXPECTED = [
    ("catalog.yaml", 27, "catalog-enum"),
    (f"{GONGGAO}/also.md", 6, "also-unknown"),
    (f"{GONGGAO}/attach.md", 6, "attachment-missing"),
    (f"{GONGGAO}/before.md", 5, "published-before-created"),
    (f"{GONGGAO}/binary.md", None, "file-binary"),
    (f"{GONGGAO}/bodyempty.md", 7, "body-empty"),
    (f"{GONGGAO}/cn-typo.md", 6, "unknown-key"),
    (f"{GONGGAO}/colon.md", 2, "fullwidth-colon"),
    (f"{GONGGAO}/date.md", 5, "field-value"),
    (f"{GONGGAO}/disclosure.md", 6, "field-value"),
    (f"{GONGGAO}/docno.md", 6, "doc-no-brackets"),
    (f"{GONGGAO}/draft.markdown", None, "file-extension"),
    (f"{GONGGAO}/dup.md", 3, "index-no-duplicate"),
    (f"{GONGGAO}/empty.md", 1, "file-empty"),
    (f"{GONGGAO}/escape.md", 6, "attachment-escape"),
    (f"{GONGGAO}/format.md", 3, "index-no-format"),
    (f"{GONGGAO}/gbk.md", 2, "encoding-gbk"),
    (f"{GONGGAO}/kind.md", 6, "field-value"),
    (f"{GONGGAO}/nofront.md", 1, "front-matter-missing"),
    (f"{GONGGAO}/notitle.md", 2, "field-required"),
    (f"{GONGGAO}/symlink.md", 6, "attachment-symlink"),
    (f"{GONGGAO}/tab.md", 7, "indent-tab"),
    (f"{GONGGAO}/typo.md", 6, "unknown-key"),
    (f"{GONGGAO}/yaml.md", 6, "yaml-syntax"),
    (f"{GONGGAO}/year.md", 3, "index-no-year"),
    ("content/fading/guifan/banfa.md", 3, "index-no-duplicate"),  # the other half of dup.md
    ("content/fading/guifan/novalidity.md", 6, "validity-missing"),
    ("content/fading/guifan/repealed.md", 7, "repealed-missing"),
    ("content/fading/guifan/validity.md", 7, "field-value"),
    ("content/fading/jiedu/orphan.md", 7, "interprets-unknown"),
    ("content/fading/tongzhi/placed.md", None, "node-unknown"),
    ("content/lingyu/jiuzhu/dibao/cun.md", 6, "field-value"),
    ("content/nianbao/2024.md", 6, "report-year"),
    ("content/zhinan/zhinan.md", 6, "guide-field"),  # email/web
    ("content/zhinan/zhinan.md", 6, "guide-field"),  # address
    ("content/zhinan/zhinan.md", 6, "guide-field"),  # hours
    ("content/zhinan/zhinan.md", 6, "guide-field"),  # phone
    ("content/zhinan/zhinan.md", 9, "guide-section"),  # 监督和救济
    ("zone.yaml", 7, "unknown-key"),
]
CLEAN = [
    "content/zhinan/zhinan.md",
    "content/fading/guifan/banfa.md",
    "content/fading/jiedu/banfa-jiedu.md",
    f"{GONGGAO}/bom.md",
    f"{GONGGAO}/shenqing.md",
    f"{GONGGAO}/buyu.md",
    "content/lingyu/jiuzhu/dibao/2025-03.md",
]
CANARIES = ("CANARY-APPLY-7f3a", "CANARY-WITHHELD-9b2c", "依申请公开的内部文件", "不予公开的内部文件")


@pytest.fixture
def unseen(tmp_path: Path) -> Path:
    target = tmp_path / "unseen"
    shutil.copytree(ZONES / "invalid" / "unseen", target)
    os.symlink("../../../zone.yaml", target / GONGGAO / "link.pdf")  # git and copytree do not keep links
    return target


def test_every_planted_fault_is_reported_at_its_file_and_line(unseen: Path) -> None:
    code, items = check_json(unseen)
    assert code == 1
    assert [
        (d["file"], d["line"], d["code"]) for d in items if d["severity"] == "error" or d["code"] == "file-extension"
    ] == EXPECTED
    assert all(d["message"] and d["hint"] for d in items)


def test_the_clean_part_builds_and_publishes_only_what_is_public(unseen: Path) -> None:
    planted = {file for file, _line, _code in EXPECTED if file.startswith("content/")}
    planted -= set(CLEAN)
    for file in planted:
        (unseen / file).unlink()
    (unseen / GONGGAO / "link.pdf").unlink()
    (unseen / "zone.yaml").write_text(
        (unseen / "zone.yaml").read_text(encoding="utf-8").replace("theem:", "theme:"), encoding="utf-8"
    )
    (unseen / "catalog.yaml").write_text(
        (unseen / "catalog.yaml").read_text(encoding="utf-8").replace("category: 结果\n", "category: 结果公开\n"),
        encoding="utf-8",
    )
    guide = unseen / "content/zhinan/zhinan.md"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace(
            "office:",
            "address: 青山镇青山路1号\nhours: 工作日 8:30—17:00\n"
            "phone: 0570-1234567\nemail: gk@qs.example.gov.cn\noffice:",
        )
        + "\n## 四、监督和救济\n\n可以投诉、申请行政复议或提起行政诉讼。\n",
        encoding="utf-8",
    )
    assert check_json(unseen) == (0, [])
    result = run(unseen, "build", "--quiet")
    assert result.code == 0, result.stderr
    out = output_text(unseen / "public")
    for canary in CANARIES:
        assert canary not in out
    assert "青山镇农村建房管理办法" in out
    assert "BOM 和 CRLF 的通知" in out
    assert "QS-2025-004" in out
