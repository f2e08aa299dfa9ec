"""data/applications.csv: one 政府信息公开申请 per row, tallied into section 三 and audited for deadlines.

Columns (header row, English or Chinese): received/收到日期, applicant/申请人类型,
outcome/办理结果, replied/答复日期, extended/是否延期; optional id/编号, note/备注, and for the
reply deadline corrected/补正日期 (the day the completed application arrived: 条例 第三十条 restarts
the clock there) and consulted/征求意见日期 with consulted_until/意见答复日期 (the working days of
a third-party consultation are not counted, 第三十二条). An application without outcome and reply
date is still being handled.

For a year Y: 新收 = received in Y; 上年结转 = received before Y and not answered before Y;
办理结果 = answered in Y, by outcome; 结转下年度 = received by the end of Y and not answered by
then. So new + carried_over = results + carried_forward holds by construction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from zonegen.calendar import UnknownDay, WorkCalendar, unknown_day_hint, zone_calendar
from zonegen.diagnostics import Diagnostics
from zonegen.fields import FieldError, to_date
from zonegen.report import schema as S
from zonegen.suggest import nearest
from zonegen.zone import ZoneConfig

CSV_FILE = "data/applications.csv"

_HEADERS = {
    "received": "received", "收到日期": "received", "收到申请日期": "received", "申请日期": "received",
    "applicant": "applicant", "申请人类型": "applicant", "申请人": "applicant",
    "outcome": "outcome", "办理结果": "outcome", "处理结果": "outcome",
    "replied": "replied", "答复日期": "replied",
    "extended": "extended", "是否延期": "extended", "延期": "extended", "延期答复": "extended",
    "id": "id", "编号": "id", "申请编号": "id",
    "note": "note", "备注": "note",
    "corrected": "corrected", "补正日期": "corrected", "收到补正日期": "corrected",
    "consulted": "consulted", "征求意见日期": "consulted", "征求第三方意见日期": "consulted",
    "consulted_until": "consulted_until", "意见答复日期": "consulted_until", "第三方答复日期": "consulted_until",
}  # fmt: skip
_REQUIRED = ("received", "applicant")
_YES = {"是", "yes", "y", "true", "1", "延期", "已延期"}
_NO = {"否", "no", "n", "false", "0", "", "未延期"}
_NUMBERING = re.compile(r"^(?:（[一二三四五六七]）|\d+\.)")


def _outcome_names() -> dict[str, tuple[str, ...]]:
    """Every way a clerk may name an outcome: dotted key, bare key when unique, national label.

    The ledger speaks the 2021 format, the finer one: a 2019-format year folds （六）'s three
    reasons into its single （六）其他处理 row when it is tallied.
    """
    names: dict[str, tuple[str, ...]] = {}
    bare: dict[str, list[tuple[str, ...]]] = {}
    for leaf in S.LAYOUT_2021.result_leaves:
        path = leaf.path[1:]
        names[".".join(path)] = leaf.path
        bare.setdefault(path[-1], []).append(leaf.path)
        label = _NUMBERING.sub("", leaf.label).split("（")[0]
        names[label] = leaf.path
        if len(path) == 2:
            group = S.LAYOUT_2021.group(path[0])
            assert group is not None
            group_label = _NUMBERING.sub("", group.label)
            for sep in ("/", "-", "—", "：", ":"):
                names[f"{group_label}{sep}{label}"] = leaf.path
    for key, paths in bare.items():
        if len(paths) == 1:
            names.setdefault(key, paths[0])
    return names


OUTCOMES = _outcome_names()
APPLICANTS = {**{k: k for k in S.COLUMN_KEYS}, **S.COLUMN_ALIASES, "其他组织": "other_org"}


@dataclass(frozen=True, slots=True)
class Application:
    line: int
    received: dt.date
    applicant: str  # a column key
    outcome: tuple[str, ...] | None  # a result leaf path, None while being handled
    replied: dt.date | None
    extended: bool
    corrected: dt.date | None = None  # 补正: the clock starts when the completed application arrives
    consulted: tuple[dt.date, dt.date] | None = None  # third-party consultation, not counted
    ident: str = ""  # the ledger's 编号, when it has one

    @property
    def starts(self) -> dt.date:
        """The day the reply clock starts from (第三十条: the completed application, after 补正)."""
        return self.corrected or self.received


@dataclass
class Applications:
    """The parsed CSV: its applications and the years it speaks for."""

    items: list[Application]

    def covers(self, year: int) -> bool:
        """Whether section 三 of this year is computed from the CSV.

        A year counts when an application was received in it. The earliest such year is left
        out when all of its applications were answered later: those rows are only the
        carry-over into the first year the clerk kept, not a full record of that year.
        """
        years = {a.received.year for a in self.items}
        if year not in years:
            return False
        first = min(years)
        own = [a for a in self.items if a.received.year == year]
        return not (year == first and all(a.replied is None or a.replied.year > year for a in own))

    def tally(self, year: int) -> dict[tuple[str, ...], dict[str, int]]:
        """Section 三 rows (leaf path → column → count) for one year, in that year's layout."""
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        layout = S.layout_for(year)
        rows = {leaf.path: dict.fromkeys(S.COLUMN_KEYS, 0) for leaf in layout.leaves}
        for app in self.items:
            if app.received > end or (app.replied is not None and app.replied < start):
                continue
            if app.received >= start:
                rows[S.NEW.path][app.applicant] += 1
            else:
                rows[S.CARRIED_OVER.path][app.applicant] += 1
            if app.replied is not None and app.outcome is not None and app.replied <= end:
                rows[layout.fold(app.outcome)][app.applicant] += 1
            else:
                rows[S.CARRIED_FORWARD.path][app.applicant] += 1
        return rows


def load_applications(zone: ZoneConfig, diags: Diagnostics) -> Applications | None:
    """Parse data/applications.csv when the zone has one; None when it has none or it is unusable."""
    path = csv_path(zone)
    if not path.is_file():
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        diags.error("applications-csv", f"无法读取文件：{exc.strerror}", None, None, "请检查文件权限", file=CSV_FILE)
        return None
    return parse_applications(raw, diags)


def _decode(raw: bytes) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:  # Excel on Chinese Windows saves CSV as GBK unless told otherwise
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def parse_applications(raw: bytes, diags: Diagnostics) -> Applications | None:
    text = _decode(raw)
    if text is None:
        diags.error(
            "applications-csv",
            "申请台账不是 UTF-8 或 GBK 编码的文本",
            None,
            None,
            "在 Excel 中“另存为”，文件类型选择“CSV UTF-8（逗号分隔）”",
            file=CSV_FILE,
        )
        return None
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        diags.error(
            "applications-csv",
            "申请台账是空的，第一行应为表头",
            1,
            None,
            "第一行写：received,applicant,outcome,replied,extended（或中文：收到日期,申请人类型,办理结果,答复日期,是否延期）",
            file=CSV_FILE,
        )
        return None
    columns = _columns(header, diags)
    if columns is None:
        return None
    items: list[Application] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        app = _row(cells, columns, line, diags)
        if app is not None:
            items.append(app)
    return Applications(items)


def _columns(header: list[str], diags: Diagnostics) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    ok = True
    if len(header) == 1 and "，" in header[0]:
        diags.error(
            "applications-csv", "表头用了中文逗号“，”分隔", 1, None, "CSV 文件的各列用英文逗号“,”分隔", file=CSV_FILE
        )
        return None
    for index, name in enumerate(header):
        clean = name.strip()
        key = _HEADERS.get(clean) or _HEADERS.get(clean.lower())
        if key is None:
            guess = nearest(clean, _HEADERS, cutoff=0.5)
            diags.error(
                "applications-csv",
                f"申请台账有未知的列“{clean}”",
                1,
                None,
                f"您是不是想写“{guess}”？" if guess else "可用的列：" + "、".join(_HEADERS),
                file=CSV_FILE,
            )
            ok = False
        elif key in columns:
            diags.error("applications-csv", f"申请台账的列“{clean}”重复", 1, None, "删除重复的列", file=CSV_FILE)
            ok = False
        else:
            columns[key] = index
    for key in _REQUIRED:
        if key not in columns:
            diags.error(
                "applications-csv",
                f"申请台账缺少“{key}”列",
                1,
                None,
                "必需的列：received（收到日期）、applicant（申请人类型）",
                file=CSV_FILE,
            )
            ok = False
    return columns if ok else None


def _cell(cells: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _row(cells: list[str], columns: dict[str, int], line: int, diags: Diagnostics) -> Application | None:
    def error(message: str, hint: str) -> None:
        diags.error("applications-csv", f"申请台账第 {line} 行：{message}", line, None, hint, file=CSV_FILE)

    dates: dict[str, dt.date | None] = {}
    for key, label in _ROW_DATES:
        value = _cell(cells, columns, key)
        dates[key] = None
        if value:
            try:
                dates[key] = to_date(value)
            except FieldError as exc:
                error(f"{label}：{exc.message}", exc.hint or "日期写成 2025-03-01")
                return None
    received, replied, corrected = dates["received"], dates["replied"], dates["corrected"]
    if received is None:
        error("缺少收到日期", "每个申请都要写收到日期，例如 2025-03-01")
        return None
    applicant_text = _cell(cells, columns, "applicant")
    applicant = APPLICANTS.get(applicant_text)
    if applicant is None:
        guess = nearest(applicant_text, APPLICANTS, cutoff=0.4) if applicant_text else None
        error(
            f"申请人类型“{applicant_text}”无效" if applicant_text else "缺少申请人类型",
            f"您是不是想写“{guess}”？" if guess else "可选：" + "、".join(S.COLUMN_LABELS.values()),
        )
        return None
    outcome_text = _cell(cells, columns, "outcome")
    outcome = OUTCOMES.get(outcome_text) if outcome_text else None
    if outcome_text and outcome is None:
        guess = nearest(outcome_text, OUTCOMES, cutoff=0.4)
        error(
            f"办理结果“{outcome_text}”不是国家年报格式中的结果",
            f"您是不是想写“{guess}”？" if guess else "例如：予以公开、部分公开、属于国家秘密、本机关不掌握相关政府信息",
        )
        return None
    if outcome is not None and replied is None:
        error("写了办理结果但没有答复日期", "补上答复日期；尚未答复的申请，办理结果和答复日期都留空")
        return None
    if replied is not None and outcome is None:
        error("写了答复日期但没有办理结果", "补上办理结果，例如 予以公开")
        return None
    if replied is not None and replied < received:
        error(f"答复日期 {replied} 早于收到日期 {received}", "检查两个日期")
        return None
    if corrected is not None and corrected < received:
        error(f"补正日期 {corrected} 早于收到日期 {received}", "补正日期是收到补正后申请的日期，检查两个日期")
        return None
    consulted = _consultation(dates["consulted"], dates["consulted_until"], received, error)
    if consulted is False:
        return None
    extended_text = _cell(cells, columns, "extended").lower()
    if extended_text not in _YES and extended_text not in _NO:
        error(f"是否延期“{extended_text}”无效", "写“是”或“否”（或留空表示未延期）")
        return None
    return Application(
        line,
        received,
        applicant,
        outcome,
        replied,
        extended_text in _YES,
        corrected,
        consulted or None,
        _cell(cells, columns, "id"),
    )


_ROW_DATES = (
    ("received", "收到日期"),
    ("replied", "答复日期"),
    ("corrected", "补正日期"),
    ("consulted", "征求意见日期"),
    ("consulted_until", "意见答复日期"),
)


def _consultation(
    start: dt.date | None, end: dt.date | None, received: dt.date, error: Callable[[str, str], None]
) -> tuple[dt.date, dt.date] | Literal[False] | None:
    """The (sent, answered) dates of a third-party consultation; False when they do not fit."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        error("征求意见日期和意见答复日期要同时填写", "两列都写日期；没有征求第三方意见时都留空")
        return False
    if start < received or end < start:
        error(f"征求意见期间 {start} 至 {end} 不合理", "征求意见日期不早于收到日期，意见答复日期不早于征求意见日期")
        return False
    return (start, end)


def reply_deadline(app: Application, zone: ZoneConfig, calendar: WorkCalendar) -> dt.date:
    """The last day to reply (条例 第三十三条), raising UnknownDay when the calendar does not know.

    rules.reply_workdays (20), plus rules.reply_extension_workdays (20) when extended; counted
    from the completed application after 补正 (第三十条), with the working days of a
    third-party consultation added back (第三十二条).
    """
    rules = zone.rules
    days = rules.reply_workdays + (rules.reply_extension_workdays if app.extended else 0)
    if app.consulted is not None:
        days += calendar.workdays_between(app.consulted[0] + dt.timedelta(days=1), app.consulted[1])
    return calendar.add_workdays(app.starts, days, rules.count_from_next_day)


def audit_deadlines(apps: Applications, zone: ZoneConfig, diags: Diagnostics) -> None:
    """Warn about every application answered after its deadline (条例 第三十三条, see reply_deadline)."""
    rules = zone.rules
    calendar = zone_calendar(zone)
    unknown: set[int] = set()
    for app in apps.items:
        if app.replied is None:
            continue
        days = rules.reply_workdays + (rules.reply_extension_workdays if app.extended else 0)
        try:
            deadline = reply_deadline(app, zone, calendar)
        except UnknownDay as exc:
            if exc.year not in unknown:
                unknown.add(exc.year)
                diags.warning(
                    "calendar-unknown",
                    f"无法计算答复期限：不知道 {exc.year} 年的节假日安排",
                    app.line,
                    None,
                    unknown_day_hint(exc.year),
                    file=CSV_FILE,
                )
            continue
        if app.replied > deadline:
            extension = "（已延期）" if app.extended else ""
            diags.warning(
                "reply-late",
                f"申请台账第 {app.line} 行：{app.received} 收到的申请于 {app.replied} 答复，"
                f"超过 {days} 个工作日的答复期限{extension}（应不晚于 {deadline}）",
                app.line,
                None,
                "条例第三十三条：收到申请之日起20个工作日内答复，延长不超过20个工作日",
                file=CSV_FILE,
            )


def csv_path(zone: ZoneConfig) -> Path:
    return zone.root / CSV_FILE
