"""The personal-data guard: unmasked ID-card, mobile and bank-card numbers in text.

One precompiled regular expression finds every digit run long enough to matter; only those
candidates are checked (region prefix, birth date, ISO 7064 check digit, mobile prefix, Luhn).
Everything here is pure and picklable: it runs inside the worker processes that parse records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonegen.diagnostics import Diagnostic
from zonegen.safety.html import reader_text

if TYPE_CHECKING:  # records.py imports this module
    from zonegen.records import Record

ID_CARD = "id"
MOBILE = "mobile"
BANK_CARD = "bank"
LABELS = {ID_CARD: "居民身份证号", MOBILE: "手机号码", BANK_CARD: "银行卡号"}

_D = "0-9０-９"
# A digit, letter or masking mark next to a number means it is part of a longer code or is
# already masked (330281********1234, 138****5678): not a candidate.
_NEIGHBOUR = "0-9A-Za-z０-９Ａ-Ｚａ-ｚ*＊×#＃●○"
# After a number, one mask mark alone is a footnote mark (330281198001011235* 注), not a mask.
_MASK = "[*＊×#＃●○]"
_CANDIDATE = re.compile(
    rf"(?<![{_NEIGHBOUR}])(?<![{_D}][.．])"
    rf"(?P<cc>(?:[+＋]|00)86[ -]?|86[ -])?"
    rf"(?P<n>"
    rf"[{_D}]{{6}}[ -][{_D}]{{8}}[ -][{_D}]{{3}}[{_D}XxＸｘ]"  # ID card as 6-8-4
    rf"|[{_D}]{{4}}(?:[ -][{_D}]{{4}}){{3}}(?:[ -][{_D}]{{1,3}})?"  # bank card as 4-4-4-4(-3)
    rf"|[{_D}]{{3}}[ -][{_D}]{{4}}[ -][{_D}]{{4}}"  # mobile as 3-4-4
    rf"|[{_D}]{{17}}[XxＸｘ]"
    rf"|[{_D}]{{11,19}}"
    rf")"
    rf"(?![{_D}A-Za-zＡ-Ｚａ-ｚ])(?![.．][{_D}])(?!{_MASK}[{_D}*＊×#＃●○])"
)
# Characters a reader does not see — Unicode format characters (Cf: U+200B, U+2060, U+FEFF,
# bidi controls, the soft hyphen…), variation selectors, the combining grapheme joiner,
# Hangul fillers: a number split by them looks whole on the page and is copied whole. Those
# of the Basic Multilingual Plane are handled inside `scan`; the rarer astral ones (tag
# characters, U+E0000…) by `visible`, which keeps astral ranges out of the hot pattern.
HIDDEN = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
)
# Other spaces and dashes show as a space or a hyphen between digit groups.
_SPACE_LIKE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_DASH_LIKE = "\u2010-\u2013\u2212\ufe58\ufe63\uff0d"
# A cheap first pass: only stretches of at least 11 digits, spaces and hyphens are looked at
# closely (most bodies have none; the full pattern with its look-arounds is ~20x slower).
_RUN = re.compile(rf"[+＋0-9０-９][0-9０-９ \-{HIDDEN}{_SPACE_LIKE}{_DASH_LIKE}]{{10,}}[XxＸｘ]?")
_ODD = re.compile(f"[{HIDDEN}{_SPACE_LIKE}{_DASH_LIKE}]")
_HIDDEN_RE = re.compile(f"[{HIDDEN}]")
_LOOKALIKES = str.maketrans(
    dict.fromkeys(
        "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    )
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe58\ufe63\uff0d", "-")
)
_NORMALISE = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX", " -")

# Province codes of GB/T 2260, plus 71/81/82/83 used by residence permits for Taiwan,
# Hong Kong and Macao residents (whose region part is then 0000).
_PROVINCES = frozenset(
    (
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    )
)
_PERMIT_PROVINCES = frozenset(("71", "81", "82", "83"))
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_TODAY = dt.date.today()

# Unified social credit codes (GB 32100-2015) share the 18-character shape of an ID number.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_LABELS = ("信用代码", "机构代码", "识别号", "注册号", "索引号", "税号")
_MONEY_BEFORE = "¥￥$"
_MONEY_AFTER = "元万亿角"


@dataclass(frozen=True, slots=True)
class Finding:
    """One unmasked number: what it is, where it is in the scanned text, and how to mask it."""

    kind: str
    start: int
    end: int
    masked: str
    digits: str = ""  # the number itself, normalised (never shown: it identifies a person)

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def scan(text: str) -> list[Finding]:
    """Every unmasked personal number in `text`, in order."""
    findings: list[Finding] = []
    size = len(text)
    for run in _RUN.finditer(text):
        start, end = run.span()
        if _ODD.search(text, start, end):
            findings.extend(_scan_flattened(text, start, end))
            continue
        for match in _CANDIDATE.finditer(text, start, min(size, end + 2)):
            found = _classify(match, text)
            if found is not None:
                findings.append(found)
    return findings


def _scan_flattened(text: str, start: int, end: int) -> list[Finding]:
    """A run with invisible characters or look-alike spaces: scanned as it shows, positions kept."""
    kept = [i for i in range(start, end) if not _HIDDEN_RE.match(text, i)]
    if not kept:
        return []
    flat_run = "".join(text[i] for i in kept).translate(_LOOKALIKES)
    before = text[max(0, start - 32) : start]
    flat = before + flat_run + text[end : end + 8]
    offset = len(before)
    found: list[Finding] = []
    for match in _CANDIDATE.finditer(flat, offset, min(len(flat), offset + len(flat_run) + 2)):
        finding = _classify(match, flat)
        if finding is None:
            continue
        first = kept[min(finding.start - offset, len(kept) - 1)]
        last = kept[min(finding.end - offset, len(kept)) - 1] + 1
        found.append(Finding(finding.kind, first, last, finding.masked, finding.digits))
    return found


def _classify(match: re.Match[str], text: str) -> Finding | None:
    digits = match.group("n").translate(_NORMALISE)
    found = _number(digits, text, match.start("n"), match.end())
    if found is None:
        return None
    return Finding(found[0], match.start(), match.end(), found[1], digits)


def _number(digits: str, text: str, start: int, end: int) -> tuple[str, str] | None:
    size = len(digits)
    if size == 18 and _id18(digits) and not _credit_code(digits, text, start, end):
        return ID_CARD, digits[:6] + "*" * 8 + digits[14:]
    if "X" in digits:
        return None
    if size == 15 and _id15(digits):
        return ID_CARD, digits[:6] + "*" * 5 + digits[11:]
    if size == 11 and _mobile(digits, text, start, end):
        return MOBILE, digits[:3] + "****" + digits[7:]
    if 16 <= size <= 19 and _bank_card(digits):
        return BANK_CARD, digits[:4] + "*" * (size - 8) + digits[-4:]
    return None


def _region(digits: str) -> bool:
    province = digits[:2]
    if province not in _PROVINCES:
        return False
    return province in _PERMIT_PROVINCES or digits[2:4] != "00"


def _birth(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= _TODAY


def _id18(digits: str) -> bool:
    if not digits[:17].isdigit() or not _region(digits):
        return False
    if not _birth(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False))
    return _CHECK[total % 11] == digits[17]


def _id15(digits: str) -> bool:
    year, month, day = 1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    return _region(digits) and _birth(year, month, day)


def _credit_code(digits: str, text: str, start: int, end: int) -> bool:
    """An 18-character code labelled as an organisation code (or shaped as an 索引号 prefix)."""
    if text.startswith("/", end) and text[end + 1 : end + 5].isdigit():
        return True  # 索引号: {org_code}/{year}-{seq}
    before = text[max(0, start - 24) : start]
    if not any(label in before.rsplit("\n", 1)[-1] for label in _CODE_LABELS):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(digits, _USCC_WEIGHTS, strict=False))
    return _USCC_CHARS[(31 - total % 31) % 31] == digits[17]


def _mobile(digits: str, text: str, start: int, end: int) -> bool:
    if digits[0] != "1" or digits[1] not in "3456789":
        return False
    if digits.endswith("000000"):
        return False  # a round amount such as 15000000000, not a subscriber number
    if start and text[start - 1] in _MONEY_BEFORE:
        return False
    return not text.startswith(tuple(_MONEY_AFTER), end)


def _bank_card(digits: str) -> bool:
    if not _issuer(digits):
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _issuer(digits: str) -> bool:
    """Card-scheme prefixes (UnionPay 62, Visa 4, Mastercard 51–55 and 2221–2720, JCB 35…)."""
    two = digits[:2]
    if digits[0] == "4" or two in ("62", "60", "65", "35", "95"):
        return True
    if "51" <= two <= "55":
        return True
    return "2221" <= digits[:4] <= "2720"


# --- diagnostics -------------------------------------------------------------------------

BODY = "正文在页面上显示为完整号码"
FILE_NAME = "文件名会出现在网址和列表中"
MAX_REPORTED = 20  # per file; a pasted list of 500 IDs needs one fix, not 500 lines of output
CODES = {ID_CARD: "pii-id-card", MOBILE: "pii-mobile", BANK_CARD: "pii-bank-card"}
KEEP = {
    ID_CARD: "只保留前6位和后4位",
    MOBILE: "只保留前3位和后4位",
    BANK_CARD: "只保留前4位和后4位",
}
_RENAME = "给文件改个名字，文件名中不要写个人信息（文件名会出现在网址、目录和搜索结果中）"
_NOT_A_REASON = frozenset(("true", "false", "yes", "no", "y", "n", "ok", "1", "0", "是", "否", "有", "无", "同意"))


@dataclass(frozen=True, slots=True)
class Located:
    """A finding with where a clerk finds it: a line and column, or a place in an attachment."""

    finding: Finding
    line: int | None
    column: int | None
    where: str = ""  # e.g. 第2页 or 工作表“名单”C5; empty for record text


def locate(text: str, findings: list[Finding]) -> list[Located]:
    """Line and column of each finding, counted incrementally (findings are in order)."""
    located: list[Located] = []
    line, line_start, cursor = 1, 0, 0
    for found in findings:
        newlines = text.count("\n", cursor, found.start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", cursor, found.start) + 1
        cursor = found.start
        located.append(Located(found, line, found.start - line_start + 1))
    return located


def reason_problem(pii_ok: str) -> str | None:
    """Why a `pii_ok` value is not a reason (None when it is one)."""
    if pii_ok.strip().lower() in _NOT_A_REASON or len(pii_ok.strip()) < 2:
        return f"pii_ok 应写明公开个人信息的理由，不能只写“{pii_ok}”"
    return None


def diagnose(found: list[Located], file: str, pii_ok: str, attachment: str = "") -> list[Diagnostic]:
    """Errors for unmasked numbers; one warning instead when the record says why they are lawful."""
    if not found:
        return []
    where_file = attachment or file
    if pii_ok and reason_problem(pii_ok) is None:
        counts: dict[str, int] = {}
        for item in found:
            counts[item.finding.label] = counts.get(item.finding.label, 0) + 1
        summary = "、".join(f"{label} {count} 处" for label, count in counts.items())
        first = found[0]
        place = f"（{first.where}起）" if first.where and attachment else ""
        return [
            Diagnostic(
                "warning",
                "pii-declared",
                where_file,
                first.line,
                first.column,
                f"含未脱敏的个人信息：{summary}{place}；已按 pii_ok 说明公开：{pii_ok}",
                "请再次确认公开依据；不需要公开的号码仍应脱敏",
            )
        ]
    items: list[Diagnostic] = []
    for item in found[:MAX_REPORTED]:
        finding = item.finding
        place = f"（{item.where}）" if item.where else ""
        source = "附件中有" if attachment else "有"
        items.append(
            Diagnostic(
                "error",
                CODES[finding.kind],
                where_file,
                item.line,
                item.column,
                f"{source}未脱敏的{finding.label}{place}，公开前必须脱敏",
                _RENAME
                if item.where == FILE_NAME
                else f"改为 {finding.masked}（{KEEP[finding.kind]}）；确属依法应当公开的，"
                f"在{f'记录 {file} 的' if attachment else ''}头部信息写明 pii_ok: 公开理由",
            )
        )
    if len(found) > MAX_REPORTED:
        rest = found[MAX_REPORTED]
        items.append(
            Diagnostic(
                "error",
                "pii-more",
                where_file,
                rest.line,
                rest.column,
                f"另有 {len(found) - MAX_REPORTED} 处未脱敏的个人信息未逐条列出",
                "整份名单都需要脱敏：身份证号只保留前6位和后4位，手机号码只保留前3位和后4位",
            )
        )
    return items


# --- what is published ------------------------------------------------------------------

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_HIDDEN_ASTRAL = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+"
)


def visible(text: str) -> str:
    """`text` without the astral invisible characters (`scan` sees through the others itself)."""
    if text.isascii() or not _ASTRAL.search(text):
        return text
    return _HIDDEN_ASTRAL.sub("", text)


@dataclass(frozen=True, slots=True)
class Shown:
    """One published value: what it is (for the message), where it is written, and its text."""

    where: str  # e.g. 标题（title）, 正文, 文件名
    text: str
    line: int | None
    column: int | None = None


def scan_shown(raw: str, shown: list[Shown], body_line: int) -> list[Located]:
    """Numbers that only appear once `raw` is decoded, rendered and shown.

    `raw` is the record file as written; its own scan reports what is visible there. What
    this adds is hidden from it: split by Markdown emphasis, an HTML comment or zero-width
    characters, written as character entities or YAML escapes, or in the file's name.
    """
    seen = {f.digits for f in scan(raw)}
    located: list[Located] = []
    body_offset = _offset_of_line(raw, body_line)
    for item in shown:
        for finding in scan(visible(item.text)):
            if finding.digits in seen:
                continue
            seen.add(finding.digits)
            line, column = item.line, item.column
            if item.where == BODY:
                line, column = _find_split(raw, body_offset, finding.digits) or (body_line, None)
            located.append(Located(finding, line, column, item.where))
    return located


_DIGIT_FORMS = "(?:{d}|{wide}|&#0*{code};?|&#[xX]0*{hexcode};?|\\\\u0*{hexcode}|\\\\x{hexcode})"


def _find_split(raw: str, start: int, digits: str) -> tuple[int, int] | None:
    """Line and column in `raw` (from `start`) where a split or encoded number begins."""
    atoms = []
    for char in digits:
        if char == "X":
            atoms.append("[Xx]")
            continue
        value = int(char)
        atoms.append(_DIGIT_FORMS.format(d=value, wide=chr(0xFF10 + value), code=48 + value, hexcode=f"{48 + value:x}"))
    pattern = re.compile("[^0-9０-９]{0,80}?".join(atoms))
    match = pattern.search(raw, start)
    if match is None:
        return None
    line = raw.count("\n", 0, match.start()) + 1
    return line, match.start() - (raw.rfind("\n", 0, match.start()) + 1) + 1


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return len(text)
    return offset


_NOT_PUBLIC = re.compile(r"^(?:disclosure|公开属性|公开方式)\s*[:：]\s*['\"]?(?:依申请公开|不予公开)", re.M)


def guard_personal_data(
    text: str, file: str, record: Record | None, shown: list[Shown] | None = None
) -> list[Diagnostic]:
    """The guard over one record file: what it says, and what it shows once published.

    `text` is the decoded file (title, every front-matter field, body and tables, as written):
    findings there are reported at their line and column. `shown` is what the published site
    shows of the record — decoded field values, the rendered body, its file name — from
    `published(record)` unless given. Records that are not 主动公开 are never published, so
    they may hold personal data. A file too broken to parse is still checked, unless it says
    it is not 主动公开.
    """
    found = scan(text)
    items: list[Diagnostic] = []
    if record is not None:
        if not record.is_public:
            return []
        pii_ok = record.pii_ok
        problem = reason_problem(pii_ok) if pii_ok else None
        if problem:
            hint = "例如 pii_ok: 依据《……办法》第…条，获奖人员名单须公示联系电话"
            items.append(Diagnostic("error", "pii-ok-reason", file, record.line_of("pii_ok"), None, problem, hint))
    elif not found or _NOT_PUBLIC.search(text):
        return []
    else:
        pii_ok = ""
    located = locate(text, found)
    if record is not None:
        located.extend(scan_shown(text, published(record) if shown is None else shown, record.body_line))
    items.extend(diagnose(located, file, pii_ok))
    return items


def published(record: Record) -> list[Shown]:
    """Everything of a record the site shows: field values as decoded, body as rendered, names."""
    shown = [Shown(BODY, reader_text(record.html), record.body_line), Shown(BODY, record.text, record.body_line)]
    shown.append(Shown(FILE_NAME, record.file.removeprefix("content/"), None))
    core = (
        ("title", record.title),
        ("index_no", record.index_no),
        ("publisher", record.publisher),
        ("doc_no", record.doc_no),
        ("interprets", record.interprets),
        ("summary", record.summary),
        ("topic", record.topic),
        ("keywords", record.keywords),
        ("attachments", record.attachments),
        ("also", record.also),
        ("review", record.review.by if record.review else ""),
    )
    for key, value in (*core, *record.extra.items()):
        shown.extend(_values(key, value, record))
    return shown


def _values(key: str, value: object, record: Record) -> list[Shown]:
    if isinstance(value, str):
        return [Shown(f"{key} 的值在页面上显示为完整号码", value, *record.at(key))] if value else []
    if isinstance(value, list | tuple):
        found: list[Shown] = []
        for index, item in enumerate(value):
            found.extend(
                Shown(f"{key} 的值在页面上显示为完整号码", s.text, *record.at(f"{key}/{index}"))
                for s in _values(key, item, record)
            )
        return found
    if isinstance(value, dict):
        return [s for item in value.values() for s in _values(key, item, record)]
    return (
        []
        if value is None or isinstance(value, bool)
        else [Shown(f"{key} 的值在页面上显示为完整号码", str(value), *record.at(key))]
    )


def settings_personal_data(files: dict[str, dict[str, str]]) -> list[Diagnostic]:
    """zone.yaml and catalog.yaml values are shown on every page: the same guard, no pii_ok.

    `files` maps a file to its published values by key (footer.phone, a column's title…).
    """
    return [
        Diagnostic(
            "error",
            CODES[finding.kind],
            file,
            None,
            None,
            f"{key} 的值中有未脱敏的{finding.label}，公开前必须脱敏",
            f"改为 {finding.masked}（{KEEP[finding.kind]}）；这里的内容出现在网站的每个页面上，"
            "联系电话请写单位的办公电话",
        )
        for file, values in files.items()
        for key, value in values.items()
        if value
        for finding in scan(visible(value))
    ]
