"""Where things land in the output: record pages by 索引号, and the names zonegen keeps for itself.

A record's page is `_records/<slug>.html`, the slug derived from its 索引号 alone, so renaming
the file or moving it to another column keeps every printed QR code and link working.
"""

from __future__ import annotations

import hashlib
import re

from zonegen.indexno import IndexFormat, IndexFormatError, compile_format
from zonegen.zone import ZoneConfig

RECORDS_DIR = "_records"
STATIC_DIR = "_static"
# Catalog ids are lowercase ASCII slugs, so a folder starting with "_" can never be a column;
# zonegen's own files live at the top level or under such folders.
RESERVED_PREFIX = "_"
_MAX_SLUG_BYTES = 180  # file names are limited to 255 bytes; leave room for ".html" and copies
_LEGACY_STEM_TAKEN = re.compile(r"^index(-\d+)?$", re.IGNORECASE)


def record_slug(index_no: str, fmt: IndexFormat | None) -> str:
    """A file-name-safe, unique form of an 索引号: `11330…X/2025-00016` → `2025-00016`.

    The zone's org code is the same in every 索引号 of the zone, so it is left out (a county
    that moves from 组织机构代码 to 统一社会信用代码 keeps its addresses); what remains is
    kept as typed where it is a letter, a digit or "-", "/" becomes "_", and any other
    character is written `~hex~`. That mapping is reversible, so two 索引号 never share a slug.
    """
    rest = index_no
    match = fmt.match(index_no) if fmt is not None else None
    if match is not None and match.groupdict().get("org") is not None:
        rest = _without_org(index_no, *match.span("org"))
    slug = "".join(_safe_char(c) for c in rest) or "~0~"
    if len(slug.encode("utf-8")) > _MAX_SLUG_BYTES:
        digest = hashlib.sha256(index_no.encode("utf-8")).hexdigest()[:16]
        slug = slug.encode("utf-8")[: _MAX_SLUG_BYTES - 17].decode("utf-8", "ignore") + "~" + digest
    return slug


def _without_org(index_no: str, start: int, end: int) -> str:
    """The 索引号 without its org code and the separator written next to it.

    The separator is literal template text, the same in every 索引号 of the zone, and the
    groups beside it ({year}, {seq}) start with a digit: stripping it removes the same
    characters from each, so the result is still unique.
    """
    before, after = index_no[:start], _strip_separators(index_no[end:], leading=True)
    return before + after if after else _strip_separators(before, leading=False)


def _strip_separators(text: str, leading: bool) -> str:
    chars = list(text) if leading else list(reversed(text))
    count = next((i for i, c in enumerate(chars) if c.isalnum()), len(chars))
    return text[count:] if leading else text[: len(text) - count]


def _safe_char(char: str) -> str:
    if char == "/":
        return "_"
    if char == "-" or (char.isalnum() and char.isprintable()):
        return char
    return f"~{ord(char):x}~"


def zone_format(zone: ZoneConfig) -> IndexFormat | None:
    """The zone's 索引号 format, which record addresses are read against (None when unusable)."""
    try:
        return compile_format(zone.index_format, zone.org_code or None)
    except IndexFormatError:
        return None  # zone.yaml's own diagnostic says why


def record_path(index_no: str, fmt: IndexFormat | None) -> str:
    return f"{RECORDS_DIR}/{record_slug(index_no, fmt)}.html"


def legacy_record_path(node: str, file: str) -> str | None:
    """`<node>/<file stem>.html`, a record's address before it came from the 索引号.

    None where that address is a node page's (index.html, index-2.html …)."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if _LEGACY_STEM_TAKEN.match(stem):
        return None
    return f"{node}/{stem}.html"


def report_data_path(node: str, year: int) -> str:
    """`annual-reports/2025.json`: an annual report's figures, beside its column's page."""
    return f"{node}/{year}.json"


def reserved_output(path: str, generated: frozenset[str] = frozenset()) -> bool:
    """Whether an output path belongs to zonegen or the theme: any top-level file, any folder
    starting with "_", or one of the generated files (report data); compared case-insensitively,
    as a kiosk copy on a USB stick would."""
    folder, _, _name = path.partition("/")
    if not _name or folder.startswith(RESERVED_PREFIX) or folder.startswith("."):
        return True
    return path.casefold() in generated
