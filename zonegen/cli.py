"""The command line: a thin shell over load, validate, build and scaffold."""

from __future__ import annotations

import datetime as dt
import re
import signal
import sys
import threading
from pathlib import Path

import click

from zonegen.build import build as run_build
from zonegen.build import check as run_check
from zonegen.catalog import Node, load_catalog, resolve_catalog, standard_catalog_path
from zonegen.diagnostics import Diagnostic, blocks, format_json, format_text
from zonegen.scaffold import default_kind, init_zone, new_record
from zonegen.suggest import nearest
from zonegen.zone import LEVELS, load_zone


class Progress:
    """A one-line progress display on a terminal; silent in pipelines and with --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and total >= 200:
            sys.stderr.write(f"\r{stage} {done}/{total}")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            self.shown = False


def _emit(items: list[Diagnostic], fmt: str, err: bool) -> None:
    if fmt == "json":
        click.echo(format_json(items))
    elif items or not err:
        click.echo(format_text(items), err=err)


def _exit_code(items: list[Diagnostic], strict: bool) -> int:
    """2 when the directory is no zone at all (a usage error), 1 when the zone has errors."""
    if any(d.code == "zone-missing" for d in items):
        return 2
    return 1 if blocks(items, strict) else 0


class Terminated(BaseException):
    """SIGTERM (a pipeline's timeout, systemd stopping a job), raised where the build is, like Ctrl-C."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


class _Commands(click.Group):
    """Ctrl-C and SIGTERM end any command with a Chinese message and 130/143, never a traceback.

    The build's own cleanup (temporary folder, lock, worker processes) runs on the way out.
    """

    def invoke(self, ctx: click.Context) -> object:
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\n已中断（Ctrl-C）：输出目录保持不变。", err=True)
            ctx.exit(130)
        except Terminated:
            click.echo("已终止（SIGTERM）：输出目录保持不变。", err=True)
            ctx.exit(128 + signal.SIGTERM)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--zone",
    "zone_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="专区目录（含 zone.yaml）",
)
@click.version_option(package_name="zonegen")
@click.pass_context
def main(ctx: click.Context, zone_dir: Path) -> None:
    """zonegen：政务公开专区静态网站生成器。"""
    ctx.obj = zone_dir


_OUT_HELP = "输出目录（默认 public/）"


@main.command()
@click.option("--strict", is_flag=True, help="把警告也当作错误")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=_OUT_HELP + "：也检查它能否写入"
)
@click.pass_obj
def check(zone_dir: Path, strict: bool, fmt: str, out: Path | None) -> None:
    """检查专区中的所有文件，一次报告全部问题，不写任何文件。"""
    progress = Progress(fmt == "text")
    _loaded, items = run_check(zone_dir, progress, out)
    progress.close()
    _emit(items, fmt, err=False)
    sys.exit(_exit_code(items, strict))


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help=_OUT_HELP)
@click.option("--strict", is_flag=True, help="有警告时也不生成")
@click.option("--quiet", "-q", is_flag=True, help="只输出错误和警告")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="诊断信息的格式"
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="按哪一天生成（默认今天）：公示截止日期（expires）已过的记录不再发布",
)
@click.option("--clean", is_flag=True, help="不使用构建缓存（.zonegen-cache/），全部重新读取和生成")
@click.pass_obj
def build(
    zone_dir: Path, out: Path | None, strict: bool, quiet: bool, fmt: str, as_of: dt.datetime | None, clean: bool
) -> None:
    """检查并生成网站；有错误时不写任何文件，上一次的输出保持不变。"""
    progress = Progress(not quiet and fmt == "text")
    result = run_build(zone_dir, out, strict, progress, as_of.date() if as_of else None, clean=clean)
    progress.close()
    if fmt == "text" and not quiet:
        for note in result.notes:
            click.echo(note, err=True)
    _emit(result.diagnostics, fmt, err=True)
    if not result.ok:
        if fmt == "text":
            click.echo("未生成网站：请先修正上面的错误。", err=True)
        sys.exit(_exit_code(result.diagnostics, True) or 1)
    if not quiet and fmt == "text":
        target = out or zone_dir / "public"
        seconds = result.timings.get("total", 0.0)
        fresh = "" if result.rendered in (-1, result.pages) else f"，其中 {result.rendered} 个有变化、重新生成"
        click.echo(
            f"已生成 {result.pages} 个页面（{result.records} 条主动公开信息"
            + (f"；{result.expired} 条公示期已满，不再发布" if result.expired else "")
            + f"）{fresh} → {target}，用时 {seconds:.1f} 秒",
            err=True,
        )


@main.command()
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="端口（0：任选一个空闲端口）"
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听的地址：默认只有本机能打开；0.0.0.0 让局域网中的其他电脑也能打开",
)
@click.option("--open", "open_browser", is_flag=True, help="生成后用默认浏览器打开预览")
@click.pass_obj
def serve(zone_dir: Path, port: int, host: str, open_browser: bool) -> None:
    """预览：生成网站并在本机打开，保存文件后自动重新生成、刷新页面；有错误时在页面中显示。public/ 不会改动。"""
    from zonegen.serve.http import ServeError
    from zonegen.serve.preview import run

    zone, diags = load_zone(zone_dir, lenient=True)
    if zone is None:  # not a zone at all: nothing to preview, as with build
        _emit(diags.items, "text", err=True)
        sys.exit(_exit_code(diags.items, True) or 1)
    try:
        run(zone_dir, host, port, open_browser, lambda text: click.echo(text, err=True))
    except ServeError as exc:
        click.echo(exc.diagnostic.to_text(), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("\n已停止预览（Ctrl-C）：public/ 保持不变。", err=True)
        sys.exit(130)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="示例乡人民政府", show_default=True, help="公开主体名称")
@click.option("--org-code", default="11330000000000000X", show_default=True, help="统一社会信用代码")
@click.option("--level", type=click.Choice(LEVELS), default="乡级", show_default=True)
@click.option("--base-url", default="https://www.example.gov.cn/zwgk/", show_default=True)
def init(directory: Path, name: str, org_code: str, level: str, base_url: str) -> None:
    """新建一个可直接生成的专区（zone.yaml、content/ 目录和指南）。"""
    if (directory / "zone.yaml").exists():
        raise click.UsageError(f"{directory} 中已有 zone.yaml，不会覆盖")
    catalog, diags = load_catalog(standard_catalog_path(), "catalog.yaml")
    if catalog is None:  # the bundled catalog is tested; this guards a damaged install
        _emit(diags.items, "text", err=True)
        sys.exit(1)
    for path in init_zone(directory, name, org_code, level, base_url, catalog):
        click.echo(f"已创建 {path}")
    click.echo(f"下一步：cd {directory} && zonegen build")


@main.command()
@click.argument("node")
@click.argument("title")
@click.option("--reviewer", default=None, help="保密审查人（默认取 zone.yaml 中 rules.reviewer）")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="生成和发布日期（默认今天）")
@click.pass_obj
def new(zone_dir: Path, node: str, title: str, reviewer: str | None, on: dt.datetime | None) -> None:
    """在 content/NODE 中新建一条记录，自动分配下一个索引号。"""
    zone, zone_diags = load_zone(zone_dir)
    if zone is None:
        _emit(zone_diags.items, "text", err=True)
        sys.exit(1)
    catalog, cat_diags = load_catalog(*resolve_catalog(zone_dir, zone.catalog))
    if catalog is None:
        _emit(cat_diags.items, "text", err=True)
        sys.exit(1)
    path = node.strip().strip("/").removeprefix("content/").strip("/")
    target = catalog.nodes.get(path)
    if target is None:
        guess = nearest(path, catalog.nodes, cutoff=0.5)
        hint = f"您是不是想写“{guess}”？" if guess else f"NODE 是目录中栏目或事项的路径，例如 {catalog.example_path()}"
        raise click.UsageError(f"“{node}”不是目录中的栏目或事项。{hint}")
    if not title.strip():
        raise click.UsageError("标题不能为空")
    today = on.date() if on else dt.date.today()
    if default_kind(target) == "年度报告" and re.fullmatch(r"\d{4}", title.strip()):
        _new_annual_report(zone_dir, target, int(title), today, reviewer or zone.rules.reviewer)
        return
    try:
        written = new_record(zone, target, title, today, reviewer or zone.rules.reviewer)
    except ValueError as exc:  # a title that cannot be written as one line of YAML
        raise click.UsageError(str(exc)) from None
    click.echo(f"已创建 {written.relative_to(zone_dir).as_posix()}")
    if zone.rules.require_review and not (reviewer or zone.rules.reviewer):
        click.echo("提示：本专区要求保密审查，审查通过后请填写 review: {by: 审查人, date: 审查日期}", err=True)


def _new_annual_report(zone_dir: Path, node: Node, year: int, today: dt.date, reviewer: str | None) -> None:
    """`zonegen new annual-reports 2025`: the year's report with what the zone already knows."""
    from zonegen.load import load
    from zonegen.report.scaffold import ReportExists, new_annual_report

    if not 2008 <= year <= today.year:  # the 条例 took effect in 2008; a report covers a year begun
        raise click.UsageError(f"年度“{year}”无效：应为 2008 到 {today.year} 之间的年份")
    loaded, diags = load(zone_dir)
    if loaded is None:
        _emit(diags, "text", err=True)
        sys.exit(1)
    try:
        written = new_annual_report(loaded, node, year, today, reviewer)
    except ReportExists as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已创建 {written.relative_to(zone_dir).as_posix()}")
    click.echo(
        "提示：已填入可由专区计算的数字（行政规范性文件、上年结转）；请填写其余数字和第一、五、六部分。", err=True
    )


@main.command()
@click.option(
    "--kiosk",
    "directory",
    type=click.Path(path_type=Path),
    required=True,
    help="导出到这个目录：线下专区自助终端用的离线副本（含校验清单 manifest.sha256）",
)
@click.option("--zip", "as_zip", is_flag=True, help="打包成一个 DIR.zip 文件（解压后可用 zonegen verify 校验）")
@click.option("--quiet", "-q", is_flag=True, help="只输出错误和警告")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="按哪一天导出（默认今天）：公示截止日期（expires）已过的记录不再导出",
)
@click.pass_obj
def export(zone_dir: Path, directory: Path, as_zip: bool, quiet: bool, as_of: dt.datetime | None) -> None:
    """导出线下专区（自助终端）用的离线副本：从 file:// 打开即可使用，不访问网络。"""
    from zonegen.export import export_kiosk

    progress = Progress(not quiet)
    result = export_kiosk(zone_dir, directory, as_zip, progress, as_of.date() if as_of else None)
    progress.close()
    _emit(result.diagnostics, "text", err=True)
    if not result.ok:
        click.echo("未导出：请先修正上面的错误。", err=True)
        sys.exit(_exit_code(result.diagnostics, True) or 1)
    if not quiet:
        click.echo(f"已导出 {result.files} 个文件（{result.records} 条主动公开信息）→ {result.target}", err=True)
        click.echo(f"校验：zonegen verify {result.folder_hint}", err=True)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def verify(directory: Path) -> None:
    """按校验清单（manifest.sha256）检查导出的离线副本：缺少、改动和多余的文件。"""
    from zonegen.export import verify as run_verify

    result = run_verify(directory)
    for problem in result.problems:
        click.echo(problem.to_text())
    if result.ok:
        click.echo(f"校验通过：{result.listed} 个文件与清单一致。")
        return
    counts = {
        code: sum(p.code == code for p in result.problems)
        for code in ("export-missing", "export-altered", "export-extra")
    }
    if any(counts.values()):
        click.echo(
            f"校验未通过：缺少 {counts['export-missing']} 个、改动 {counts['export-altered']} 个、"
            f"多余 {counts['export-extra']} 个文件。请重新复制或重新导出。"
        )
    else:
        click.echo("无法校验：校验清单不可用。")
    sys.exit(1)


@main.command()
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="按哪一天检查（默认今天），例如 2026-11-20",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="有任何问题（含警告）时退出码为 1")
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="已生成的网站目录（默认 public/），用于检查公示期已过的记录是否已撤下",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="写入文件，而不是输出到屏幕")
@click.pass_obj
def audit(
    zone_dir: Path, as_of: dt.datetime | None, fmt: str, strict: bool, site_dir: Path | None, out: Path | None
) -> None:
    """政务公开自查：发布时限、事项覆盖、空白栏目、更新、解读、年度报告、公示期、依申请公开。不修改任何文件。"""
    from zonegen.audit import run_audit
    from zonegen.audit.html import to_html
    from zonegen.audit.text import to_json, to_text

    loaded, items = run_check(zone_dir)
    if loaded is None:
        _emit(items, "text", err=True)
        click.echo("无法审计：请先修正上面的错误。", err=True)
        sys.exit(_exit_code(items, True) or 1)
    day = as_of.date() if as_of else dt.date.today()
    result = run_audit(loaded, items, day, site_dir or zone_dir / "public")
    text = {"text": to_text, "json": to_json, "html": to_html}[fmt](result)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {out}", err=True)
    else:
        click.echo(text)
    if result.check_errors and fmt != "text":
        click.echo(f"注意：zonegen check 发现 {result.check_errors} 个错误，审计可能不完整", err=True)
    sys.exit(result.exit_code(strict))
