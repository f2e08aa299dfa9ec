"""Regenerate tests/zones/invalid/unseen: python tests/zones/invalid/make_unseen.py tests/zones/invalid/unseen"""

import shutil
import sys
from pathlib import Path

root = Path(sys.argv[1])
shutil.rmtree(root, ignore_errors=True)
(root / "content").mkdir(parents=True)
(root / "zone.yaml").write_text(
    """\
# 一个测试从未见过的专区：自己的目录、自己的索引号格式
name: 青山镇人民政府
org_code: 12330000MB0000000Y
level: 乡级
base_url: https://qs.example.gov.cn/gk/
index_format: 'QS-{year}-{seq:03d}'
theem: default
footer:
  sponsor: 青山县青山镇人民政府
  site_code: '3300000099'
""",
    encoding="utf-8",
)
(root / "catalog.yaml").write_text(
    """\
version: 1
columns:
  - id: zhinan
    title: 政府信息公开指南
    type: guide
  - id: fading
    title: 法定主动公开内容
    children:
      - {id: guifan, title: 规范性文件}
      - {id: jiedu, title: 政策解读}
      - {id: gonggao, title: 通知公告}
  - id: lingyu
    title: 基层政务公开标准目录
    type: domains
  - id: nianbao
    title: 政府信息公开工作年度报告
    type: annual-reports
domains:
  - id: jiuzhu
    title: 社会救助
    items:
      - id: dibao
        title: 最低生活保障对象名单
        group: 最低生活保障
        deadline: {workdays: 20}
        levels: [县级, 乡级]
        category: 结果
      - id: tekun
        title: 特困人员救助供养
        levels: [县级, 乡级]
        category: 结果公开
fields:
  - {key: cun, label: 所在村, type: enum, values: [东山村, 西山村]}
""",
    encoding="utf-8",
)


def rec(rel, front, body="正文。\n", raw=None):
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


n = iter(range(1, 100))


def head(title, seq=None, created="2025-03-01", published="2025-03-03", year=2025):
    seq = next(n) if seq is None else seq
    return f"title: {title}\nindex_no: QS-{year}-{seq:03d}\ncreated: {created}\npublished: {published}\n"


# the clean part
rec(
    "zhinan/zhinan.md",
    head("青山镇政府信息公开指南") + "kind: 指南\noffice: 青山镇党政办\n",
    "## 一、分类与编排体系\n\n按栏目编排。\n\n## 二、主动公开\n\n见本专区。\n\n## 三、依申请公开\n\n书面申请。\n",
)
# 001 above: no address/hours/phone/email, no 监督和救济
rec(
    "fading/guifan/banfa.md",
    head("青山镇农村建房管理办法") + "kind: 规范性文件\nvalidity: 有效\ndoc_no: 青政〔2025〕1号\n",
)  # 002 clean
rec(
    "fading/jiedu/banfa-jiedu.md", head("《青山镇农村建房管理办法》解读") + "kind: 解读\ninterprets: QS-2025-002\n"
)  # 003 clean
rec(
    "fading/gonggao/bom.md",
    None,
    raw=b"\xef\xbb\xbf"
    + ("---\r\n" + head("BOM 和 CRLF 的通知").replace("\n", "\r\n") + "---\r\n\r\n正文。\r\n").encode(),
)  # 004 clean
rec(
    "fading/gonggao/shenqing.md",
    head("依申请公开的内部文件") + "disclosure: 依申请公开\n",
    "CANARY-APPLY-7f3a 不应出现在任何输出中。\n",
)  # 005
rec(
    "fading/gonggao/buyu.md",
    head("不予公开的内部文件") + "disclosure: 不予公开\n",
    "CANARY-WITHHELD-9b2c 不应出现在任何输出中。\n",
)  # 006
rec(
    "lingyu/jiuzhu/dibao/2025-03.md",
    head("2025年3月低保名单") + "cun: 东山村\n",
    "| 姓名 | 金额 |\n|---|---|\n| 李*华 | 950 |\n",
)  # 007
# faults, one per file
rec("fading/gonggao/gbk.md", None, raw=("---\n" + head("GBK 编码的通知") + "---\n\n正文。\n").encode("gbk"))  # 008
rec("fading/gonggao/colon.md", head("全角冒号").replace("title: ", "title："))  # 009
rec("fading/gonggao/tab.md", head("制表符") + "keywords:\n\t- 甲\n")  # 010
rec("fading/gonggao/yaml.md", head("坏的 YAML") + "keywords: [甲, 乙\n")  # 011
rec("fading/gonggao/nofront.md", None, raw="没有头部信息的通知\n\n正文。\n".encode())
rec("fading/gonggao/empty.md", None, raw=b"")
rec("fading/gonggao/binary.md", None, raw=b"\x00\x01\x02\x03\x04")
rec("fading/gonggao/typo.md", head("错拼的键") + "titel: 多余\n")  # 012
rec("fading/gonggao/cn-typo.md", head("中文错键") + "发布时间: 2025-03-03\n")  # 013
rec("fading/gonggao/date.md", head("不存在的日期", published="2025-02-30", created="2025-02-01"))  # 014
rec("fading/gonggao/kind.md", head("文种错误") + "kind: 通知\n")  # 015
rec("fading/gonggao/disclosure.md", head("公开属性错误") + "disclosure: 公开\n")  # 016
rec("fading/guifan/validity.md", head("有效性错误") + "kind: 规范性文件\nvalidity: 现行\n")  # 017
rec("fading/gonggao/before.md", head("发布早于生成", created="2025-03-05", published="2025-03-01"))  # 018
rec("fading/gonggao/dup.md", head("重复索引号", seq=2))  # dup of 002
rec("fading/gonggao/format.md", head("索引号格式").replace("QS-2025-", "QS2025-"))  # 019
rec("fading/gonggao/year.md", head("索引号年份", year=2024))  # 020
rec("fading/tongzhi/placed.md", head("放错文件夹"))  # 021
rec("fading/gonggao/attach.md", head("缺附件") + "attachments: [附件1.pdf]\n")  # 022
rec("fading/gonggao/escape.md", head("越界附件") + "attachments: [../../../zone.yaml]\n")  # 023
rec("fading/jiedu/orphan.md", head("解读不存在的文件") + "kind: 解读\ninterprets: QS-2025-099\n")  # 024
rec("fading/guifan/novalidity.md", head("没有有效性的规范性文件") + "kind: 规范性文件\n")  # 025
rec("fading/guifan/repealed.md", head("废止无日期") + "kind: 规范性文件\nvalidity: 废止\n")  # 026
rec("fading/gonggao/docno.md", head("方括号文号") + "doc_no: 青政[2025]3号\n")  # 027
rec("fading/gonggao/notitle.md", head("x").replace("title: x\n", ""))  # 028
rec("fading/gonggao/also.md", head("同时发布于错误") + "also: [fading/guifa]\n")  # 029
rec("nianbao/2024.md", head("2024年年度报告", created="2025-01-10", published="2025-01-20") + "kind: 年度报告\n")  # 030
rec("lingyu/jiuzhu/dibao/cun.md", head("村名错误") + "cun: 南山村\n", "名单。\n")  # 031
rec("fading/gonggao/bodyempty.md", head("正文为空"), "\n")  # 032

rec("fading/gonggao/symlink.md", head("链接附件") + "attachments: [link.pdf]\n")  # 033; link.pdf is made by the test
rec("fading/gonggao/draft.markdown", head("扩展名错误"))  # 034
print("ok")
