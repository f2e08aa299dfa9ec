"""Generate a deterministic synthetic zone of N records, and the same records as a Hugo site.

Usage: python bench/synth.py --records 1000 --zone DIR [--hugo DIR] [--seed 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import phrases as ph
import yaml

REPO = Path(__file__).resolve().parent.parent
ORG_CODE = "11331127002634189U"
BASE_URL = "https://example.gov.cn/zone/"
LEVEL = "乡级"
FIRST_DAY = dt.date(2019, 1, 1)
LAST_CREATED = dt.date(2026, 10, 15)  # leaves room for published <= 2026-10-31
MAX_SEQ = 99_999
INTERPRETATION_SHARE = 0.04
TABLE_SHARE = 0.30
LIST_SHARE = 0.50
ZONE = {
    "name": ph.ORG,
    "org_code": ORG_CODE,
    "level": LEVEL,
    "base_url": BASE_URL,
    "footer": {"sponsor": ph.ORG, "site_code": "3311270001"},
    "rules": {"require_review": True},
}
# Used only when no catalog can be found: the fixed statutory ids from the conventions.
FALLBACK_STATUTORY = {
    "policies": "规章和规范性文件",
    "organization": "机构职能",
    "plans": "规划信息",
    "statistics": "统计信息",
    "licensing": "行政许可和其他对外管理服务事项",
    "penalties": "行政处罚和行政强制",
    "budget": "财政预决算",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
    "major-projects": "重大建设项目",
    "livelihood": "扶贫、教育、医疗、社会保障、促进就业",
    "emergency": "突发公共事件应急",
    "supervision": "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查",
    "civil-service": "公务员招考",
    "other": "其他法定主动公开信息",
    "agriculture": "贯彻落实农业农村政策",
    "irrigation": "农田水利工程建设运营",
    "land-transfer": "农村土地承包经营权流转",
    "homestead": "宅基地使用情况审核",
    "land-acquisition": "土地征收",
    "house-expropriation": "房屋征收",
    "fundraising": "筹资筹劳",
    "relief": "社会救助",
}
RELIEF_HINTS = ("relief", "assistance", "subsid", "elderly", "dibao", "disaster", "poverty")
BUDGET_HINTS = ("budget", "fiscal", "fees", "procurement")


@dataclass(frozen=True)
class Node:
    """A catalog node that records can belong to (a leaf column or a domain item)."""

    path: str
    title: str


@dataclass
class Catalog:
    """What the synthesizer needs from catalog.yaml."""

    source: Path | None
    nodes: list[Node]
    sections: dict[str, str]  # every folder path -> its title (Hugo _index.md)
    guide: Node
    interpretations: Node | None


@dataclass
class Record:
    """One synthetic record; numbering and text are filled in after all dates are known."""

    node: Node
    kind: str
    created: dt.date
    published: dt.date
    reviewed: dt.date
    interprets: Record | None = None
    index_no: str = ""
    stem: str = ""
    doc_no: str | None = None
    title: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    body: str = ""


# --- catalog discovery -----------------------------------------------------------------------

BUNDLED_PROBE = "import zonegen, pathlib; print(pathlib.Path(zonegen.__file__).parent / 'data' / 'catalog.yaml')"


def find_catalog(python: str | None = None) -> Path | None:
    """Locate zonegen's bundled standard catalog (zonegen/data/catalog.yaml), else the repo's."""
    interpreters = [python] if python else []
    interpreters += [str(REPO / ".venv" / "bin" / "python"), sys.executable]
    for interpreter in interpreters:
        if not Path(interpreter).exists():
            continue
        proc = subprocess.run([interpreter, "-c", BUNDLED_PROBE], capture_output=True, text=True, check=False)
        candidate = Path(proc.stdout.strip())
        if proc.returncode == 0 and candidate.is_file():
            return candidate
    fallback = REPO / "catalog.yaml"
    return fallback if fallback.is_file() else None


def _plain_title(title: str) -> str:
    """Drop a list number such as （一） from a catalog title, for use inside sentences."""
    return re.sub(r"^[（(][一二三四五六七八九十]+[）)]\s*", "", title)


def _leaves(columns: list[dict], prefix: str, sections: dict[str, str]) -> Iterator[Node]:
    for column in columns:
        path = f"{prefix}{column['id']}"
        sections[path] = column["title"]
        children = column.get("children") or []
        if children:
            yield from _leaves(children, f"{path}/", sections)
        else:
            yield Node(path, _plain_title(column["title"]))


def _domain_items(data: dict, root: str, sections: dict[str, str]) -> Iterator[Node]:
    for domain in data.get("domains") or []:
        for item in domain.get("items") or []:
            if LEVEL not in (item.get("levels") or []):
                continue
            sections[f"{root}/{domain['id']}"] = domain["title"]
            yield Node(f"{root}/{domain['id']}/{item['id']}", item["title"])


def load_catalog(source: Path | None) -> Catalog:
    """Read the record-bearing nodes: statutory leaves and township (乡级) domain items."""
    sections: dict[str, str] = {"guide": "政府信息公开指南"}
    guide = Node("guide", "政府信息公开指南")
    if source is None:
        sections["statutory"] = "法定主动公开内容"
        nodes = [Node(f"statutory/{k}", v) for k, v in FALLBACK_STATUTORY.items()]
        sections.update({n.path: n.title for n in nodes})
        return Catalog(None, nodes, sections, guide, None)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    columns = {c["id"]: c for c in data["columns"]}
    statutory_sections: dict[str, str] = {}
    nodes = list(_leaves([columns["statutory"]], "", statutory_sections))
    sections.update(statutory_sections)
    domains_root = next((c for c in data["columns"] if c.get("type") == "domains"), None)
    if domains_root is not None:
        sections[domains_root["id"]] = domains_root["title"]
        nodes += list(_domain_items(data, domains_root["id"], sections))
    guide_col = next((c for c in data["columns"] if c.get("type") == "guide"), columns.get("guide"))
    if guide_col is not None:
        guide = Node(guide_col["id"], guide_col["title"])
        sections = {guide.path: guide.title, **sections}
    interp = columns.get("interpretations")
    interp_node = Node("interpretations", interp["title"]) if interp else None
    if interp_node:
        sections[interp_node.path] = interp_node.title
    return Catalog(source, nodes, sections, guide, interp_node)


# --- planning: nodes, kinds, dates -----------------------------------------------------------


def _pick_kind(rng: random.Random, node: Node) -> str:
    if node.path.endswith("/policies"):
        return rng.choices(("规范性文件", "政策文件"), weights=(6, 4))[0]
    kinds = ("公告公示", "工作动态", "政策文件", "规范性文件", "其他")
    return rng.choices(kinds, weights=(45, 33, 10, 2, 10))[0]


def _dates(rng: random.Random, start: dt.date, end: dt.date, lag: int) -> tuple[dt.date, ...]:
    created = start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))
    published = created + dt.timedelta(days=rng.randint(0, lag))
    reviewed = created + dt.timedelta(days=rng.randint(0, (published - created).days))
    return created, published, reviewed


def plan(rng: random.Random, n: int, catalog: Catalog) -> list[Record]:
    """Choose node, kind and dates for n records (plus interpretations of earlier policies)."""
    n_interp = int(n * INTERPRETATION_SHARE) if catalog.interpretations else 0
    records = []
    for _ in range(n - n_interp):
        node = rng.choice(catalog.nodes)
        dates = _dates(rng, FIRST_DAY, LAST_CREATED, 15)
        records.append(Record(node, _pick_kind(rng, node), *dates))
    policies = [r for r in records if r.kind in ("规范性文件", "政策文件")]
    if not policies:  # too few records to have anything to interpret
        return records + plan(rng, n_interp, Catalog(None, catalog.nodes, {}, catalog.guide, None))
    for _ in range(n_interp):
        target = rng.choice(policies)
        created, published, reviewed = _dates(rng, target.published, target.published, 3)
        node = catalog.interpretations or target.node
        records.append(Record(node, "解读", created, published, reviewed, interprets=target))
    return records


def number(records: list[Record]) -> None:
    """Give index numbers (year of created, serial per year), file stems and 文号, in date order."""
    records.sort(key=lambda r: r.created)  # stable: ties keep generation order
    serial: Counter[int] = Counter()
    doc_serial: Counter[tuple[str, int]] = Counter()
    for rec in records:
        year = rec.created.year
        serial[year] += 1
        if serial[year] > MAX_SEQ:
            raise SystemExit(f"more than {MAX_SEQ} records created in {year}: widen the date range")
        rec.index_no = f"{ORG_CODE}/{year}-{serial[year]:05d}"
        rec.stem = f"{year}-{serial[year]:05d}"
        prefix = {"规范性文件": "白政发", "政策文件": "白政"}.get(rec.kind)
        if prefix and (rec.kind == "规范性文件" or serial[year] % 2 == 0):
            doc_serial[prefix, year] += 1
            rec.doc_no = f"{prefix}〔{year}〕{doc_serial[prefix, year]}号"


# --- text --------------------------------------------------------------------------------------


DRAWS: dict[str, Callable[[random.Random], object]] = {
    "n": lambda r: r.randint(12, 480),
    "n2": lambda r: r.randint(100, 900),
    "k": lambda r: r.randint(2, 12),
    "k2": lambda r: r.randint(1, 9),
    "k3": lambda r: r.randint(1, 15),
    "q": lambda r: r.randint(1, 4),
    "amount": lambda r: round(r.uniform(20, 900), 2),
    "share": lambda r: r.randint(40, 85),
    "pct": lambda r: round(r.uniform(5.0, 9.5), 1),
    "pct2": lambda r: round(r.uniform(95.0, 99.8), 1),
    "area": lambda r: r.randint(800, 9000),
    "village": lambda r: r.choice(ph.VILLAGES),
    "landline": lambda r: f"8{r.randint(100000, 999999)}",
}


class _Slots(dict[str, object]):
    """Format slots: fixed context plus fresh random numbers on demand."""

    def __init__(self, rng: random.Random, base: dict[str, object]) -> None:
        super().__init__(base)
        self.rng = rng

    def __missing__(self, key: str) -> object:
        return DRAWS[key](self.rng)


def _fill(rng: random.Random, template: str, base: dict[str, object]) -> str:
    return template.format_map(_Slots(rng, base))


def _masked_name(rng: random.Random) -> str:
    return f"{rng.choice(ph.SURNAMES)}*{rng.choice(ph.GIVEN)}"


def _relief_table(rng: random.Random) -> list[str]:
    rows = [
        "| 序号 | 姓名 | 所在村 | 家庭人口 | 保障类别 | 月保障金额(元) |",
        "| ---: | --- | --- | ---: | --- | ---: |",
    ]
    for i in range(1, rng.randint(8, 30) + 1):
        category = rng.choice(("低保", "低保边缘", "特困供养"))
        amount = rng.randint(3, 40) * 25
        village = rng.choice(ph.VILLAGES)
        rows.append(f"| {i} | {_masked_name(rng)} | {village} | {rng.randint(1, 5)} | {category} | {amount} |")
    return rows


def _budget_table(rng: random.Random, year: int) -> list[str]:
    rows = [
        f"| 支出功能分类 | {year}年预算数(万元) | {year - 1}年执行数(万元) | 增减(%) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for line in rng.sample(ph.BUDGET_LINES, rng.randint(5, len(ph.BUDGET_LINES))):
        last = rng.uniform(30, 2000)
        now = last * rng.uniform(0.85, 1.2)
        rows.append(f"| {line} | {now:.2f} | {last:.2f} | {100 * (now / last - 1):.1f} |")
    return rows


def _project_table(rng: random.Random) -> list[str]:
    rows = [
        "| 序号 | 项目名称 | 建设地点 | 投资额(万元) | 实施进度 |",
        "| ---: | --- | --- | ---: | --- |",
    ]
    for i in range(1, rng.randint(3, 10) + 1):
        progress = rng.choice(("已完工", "主体完工", "施工中", "前期准备"))
        rows.append(
            f"| {i} | {rng.choice(ph.PROJECTS)} | {rng.choice(ph.VILLAGES)} | "
            f"{rng.uniform(15, 1500):.2f} | {progress} |"
        )
    return rows


def _table(rng: random.Random, rec: Record) -> list[str]:
    if any(h in rec.node.path for h in RELIEF_HINTS):
        return _relief_table(rng)
    if any(h in rec.node.path for h in BUDGET_HINTS):
        return _budget_table(rng, rec.created.year)
    return _project_table(rng)


def _list(rng: random.Random) -> list[str]:
    items = rng.sample(ph.LIST_ITEMS, rng.randint(3, 5))
    if rng.random() < 0.5:
        return [f"{i}. {item}" for i, item in enumerate(items, 1)]
    return [f"- {item}" for item in items]


def _paragraph(rng: random.Random, base: dict[str, object], budget: int) -> str:
    """Distinct sentences until about min(budget, 120–400) characters."""
    goal = min(budget, rng.randint(120, 400))
    text = ""
    for template in rng.sample(ph.SENTENCES, 8):
        text += _fill(rng, template, base)
        if len(text) >= goal:
            break
    return text


def write_text(rng: random.Random, rec: Record) -> None:
    """Fill title, summary, keywords and a Markdown body of 300–1500 characters of prose."""
    topic_node = rec.interprets.node if rec.interprets is not None else rec.node
    base: dict[str, object] = {
        "org": ph.ORG,
        "short": ph.SHORT,
        "topic": topic_node.title,
        "year": rec.created.year,
        "month": rec.created.month,
    }
    if rec.interprets is not None:
        rec.title = f"关于《{rec.interprets.title}》的政策解读"
    else:
        rec.title = _fill(rng, rng.choice(ph.TITLES[rec.kind]), base)
    opener = _fill(rng, rng.choice(ph.OPENERS), base)
    rec.summary = opener[:120]
    rec.keywords = [rec.node.title, *rng.sample(ph.KEYWORDS, 2)]
    budget = rng.randint(300, 1500) - len(opener)
    headings = ph.HEADINGS[rec.kind]
    sections = headings[: max(1, min(len(headings), budget // 350 + 1))]
    blocks = [opener]
    list_at = rng.randrange(len(sections)) if rng.random() < LIST_SHARE else -1
    for i, heading in enumerate(sections):
        blocks.append(f"## {heading}")
        share = budget // len(sections)
        while share > 0:
            para = _paragraph(rng, base, share)
            blocks.append(para)
            share -= len(para)
        if i == list_at:
            blocks.append("\n".join(_list(rng)))
    if rng.random() < TABLE_SHARE:
        blocks.append("\n".join(_table(rng, rec)))
    blocks.append(_fill(rng, rng.choice(ph.CLOSERS), base))
    blocks.append(f"{ph.ORG}  \n{rec.created.year}年{rec.created.month}月{rec.created.day}日")
    rec.body = "\n\n".join(blocks) + "\n"


# --- the guide ---------------------------------------------------------------------------------

GUIDE_BODY = """\
为进一步做好政府信息公开工作,方便公民、法人和其他组织获取{org}的政府信息,根据《中华人民共和国\
政府信息公开条例》,编制本指南。

## 一、分类与编排体系

本机关主动公开的政府信息按照政府信息公开指南、政府信息公开制度、法定主动公开内容、政策解读、\
基层政务公开标准目录和政府信息公开工作年度报告等栏目分类编排,每条信息标注索引号、生成日期和发布日期。

## 二、主动公开

主动公开的政府信息自形成或者变更之日起20个工作日内,通过政府网站、村务公开栏和便民服务中心政务公开专区\
予以公开。

## 三、依申请公开

公民、法人或者其他组织可以通过当面、信函或者网络等方式,向本机关申请获取相关政府信息。本机关收到申请后,\
能够当场答复的当场答复;不能当场答复的,自收到申请之日起20个工作日内予以答复。

## 四、监督和救济

公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的,可以向清溪县人民政府政务公开\
工作主管部门投诉、举报,也可以依法申请行政复议或者提起行政诉讼。
"""


def guide_front(index_no: str, day: dt.date) -> dict[str, object]:
    """Front matter of the guide record (kind 指南, with the 第十二条 fields)."""
    return {
        "title": "白石乡人民政府政府信息公开指南",
        "index_no": index_no,
        "created": day,
        "published": day,
        "kind": "指南",
        "office": "白石乡党政综合办公室",
        "address": "浙江省清溪县白石乡政府路1号",
        "hours": "工作日 8:30—12:00,14:30—17:30",
        "phone": "0578-8123456",
        "email": "bsxzf@example.gov.cn",
        "postcode": "323300",
        "summary": "白石乡人民政府政府信息公开指南。",
        "keywords": ["政府信息公开指南"],
        "review": {"by": "张*", "date": day},
    }


# --- writing -----------------------------------------------------------------------------------


def zone_front(rec: Record) -> dict[str, object]:
    """Front matter in zonegen's schema."""
    front: dict[str, object] = {
        "title": rec.title,
        "index_no": rec.index_no,
        "created": rec.created,
        "published": rec.published,
        "kind": rec.kind,
    }
    if rec.doc_no:
        front["doc_no"] = rec.doc_no
    if rec.kind == "规范性文件":
        front["validity"] = "有效"
    if rec.interprets is not None:
        front["interprets"] = rec.interprets.index_no
    front.update(summary=rec.summary, keywords=rec.keywords, review={"by": "张*", "date": rec.reviewed})
    return front


def hugo_front(front: dict[str, object]) -> dict[str, object]:
    """The same metadata in Hugo's terms: title, date, summary, keywords, the rest under params."""
    params = {k: str(v) for k, v in front.items() if k not in ("title", "published", "summary", "keywords", "review")}
    return {
        "title": front["title"],
        "date": str(front["published"]),
        "summary": front["summary"],
        "keywords": front["keywords"],
        "params": params,
    }


class _Dumper(yaml.SafeDumper):
    """Plain YAML as a clerk writes it: no &anchors / *aliases for repeated values."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(path: Path, front: dict[str, object], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{meta}---\n\n{body}", encoding="utf-8")


HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}"
locale = "zh-CN"
title = "白石乡基层政务公开专区"
hasCJKLanguage = true
buildFuture = true
disableKinds = ["taxonomy", "term"]

[markup.goldmark.renderer]
unsafe = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> › {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>主办单位:白石乡人民政府 网站标识码:3311270001</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<table class="index">
<tr><th>索引号</th><td>{{ .Params.index_no }}</td><th>发布机构</th><td>白石乡人民政府</td></tr>
<tr><th>生成日期</th><td>{{ .Params.created }}</td>
<th>发布日期</th><td>{{ .Date.Format "2006-01-02" }}</td></tr>
{{ with .Params.doc_no }}<tr><th>文号</th><td>{{ . }}</td></tr>{{ end }}
{{ with .Params.validity }}<tr><th>有效性</th><td>{{ . }}</td></tr>{{ end }}
</table>
<article>{{ .Content }}</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="nodes">{{ range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ul class="records">{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> \
<span>{{ .Params.index_no }}</span> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ end }}
""",
}


def write_zone(root: Path, records: list[Record], guide: dict[str, object], cat: Catalog) -> None:
    """Write zone.yaml, the guide and every record (no catalog.yaml: the bundled one applies)."""
    root.mkdir(parents=True)
    (root / "zone.yaml").write_text(yaml.safe_dump(ZONE, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _dump(root / "content" / cat.guide.path / "guide.md", guide, _guide_body())
    for rec in records:
        _dump(root / "content" / rec.node.path / f"{rec.stem}.md", zone_front(rec), rec.body)


def write_hugo(root: Path, records: list[Record], guide: dict[str, object], cat: Catalog) -> None:
    """Write the same records as a minimal Hugo site, with an _index.md per section."""
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    content = root / "content"
    _dump(content / "_index.md", {"title": "白石乡基层政务公开专区"}, "")
    used = {rec.node.path for rec in records} | {cat.guide.path}
    for path, title in cat.sections.items():
        if any(u == path or u.startswith(f"{path}/") for u in used):
            _dump(content / path / "_index.md", {"title": title}, "")
    _dump(content / cat.guide.path / "guide.md", hugo_front(guide), _guide_body())
    for rec in records:
        _dump(content / rec.node.path / f"{rec.stem}.md", hugo_front(zone_front(rec)), rec.body)


def _guide_body() -> str:
    return GUIDE_BODY.format(org=ph.ORG)


def generate(n: int, zone_dir: Path, hugo_dir: Path | None, seed: int = 2026, catalog: Path | None = None) -> Catalog:
    """Generate both trees (the directories must not exist yet); return the catalog used."""
    cat = load_catalog(catalog if catalog is not None else find_catalog())
    rng = random.Random(seed)
    records = plan(rng, n, cat)
    number(records)
    for rec in records:  # interpreted documents come first in date order, so titles exist
        write_text(rng, rec)
    first_year = records[0].created.year if records else FIRST_DAY.year
    # The guide takes the next free serial of the first year.
    serial = sum(1 for r in records if r.created.year == first_year) + 1
    guide = guide_front(f"{ORG_CODE}/{first_year}-{serial:05d}", dt.date(first_year, 12, 31))
    write_zone(zone_dir, records, guide, cat)
    if hugo_dir is not None:
        write_hugo(hugo_dir, records, guide, cat)
    return cat


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--zone", type=Path, required=True, help="output zone directory")
    parser.add_argument("--hugo", type=Path, help="also write the Hugo site here")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--catalog", type=Path, help="catalog.yaml to read (default: bundled)")
    parser.add_argument("--force", action="store_true", help="replace existing output dirs")
    args = parser.parse_args(argv)
    for target in (args.zone, args.hugo):
        if target is not None and target.exists():
            if not args.force:
                parser.error(f"{target} exists (use --force)")
            shutil.rmtree(target)
    cat = generate(args.records, args.zone, args.hugo, args.seed, args.catalog)
    source = cat.source or "none found: statutory columns only"
    print(f"{args.records} records over {len(cat.nodes)} nodes; catalog: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
