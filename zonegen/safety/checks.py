"""Zone-wide safety checks, run with the cross-record rules (rules/zone.py).

Containment — a 主动公开 record must not carry out a file that belongs to a record that is
not, and record sources must be real files inside content/ — and the personal-data guard
over the attachments of every 主动公开 record.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from zonegen.diagnostics import Diagnostic
from zonegen.safety.attachments import Job, scan_all


class Publishable(Protocol):
    """What these checks read of a record (zonegen.records.Record has it); nothing else is imported."""

    file: str
    disclosure: str
    attachments: tuple[str, ...]
    pii_ok: str

    @property
    def is_public(self) -> bool: ...

    def attachment_file(self, name: str) -> str: ...

    def line_of(self, key: str) -> int | None: ...


_UNSAFE_NAME = re.compile(r"^[/\\]|^[A-Za-z]:|\\|[\x00-\x1f\x7f]")


def safety_checks(
    records: Sequence[Publishable], root: Path, content_dir: Path, workers: int | None = None
) -> list[Diagnostic]:
    """Every zone-wide safety diagnostic."""
    items = _linked_sources(records, root)
    items.extend(_shared_with_unpublished(records))
    items.extend(scan_all(attachment_jobs(records, content_dir), workers))
    return items


def attachment_jobs(records: Sequence[Publishable], content_dir: Path) -> list[Job]:
    """The attachments of 主动公开 records that are safe to open: inside content/, no links.

    The others are reported by rules.zone.attachment_problems and never copied.
    """
    content = content_dir.absolute()
    jobs: list[Job] = []
    for record in records:
        if not record.is_public:
            continue
        for name in record.attachments:
            target = _inside(content.parent / record.file, name, content)
            if target is not None:
                shown = target.relative_to(content).as_posix()
                jobs.append(Job(str(target), f"content/{shown}", record.file, record.pii_ok))
    return jobs


def _inside(record_file: Path, name: str, content: Path) -> Path | None:
    """The attachment as a path under content/ when it is a regular file reached without links."""
    if _UNSAFE_NAME.search(name):
        return None
    target = Path(posixpath.normpath(f"{record_file.parent.as_posix()}/{name}"))
    try:
        if not target.is_relative_to(content) or not target.is_file():
            return None
        path = target
        while path != content:
            if path.is_symlink():
                return None
            path = path.parent
    except (OSError, ValueError):
        return None
    return target


def _shared_with_unpublished(records: Sequence[Publishable]) -> list[Diagnostic]:
    """A file listed by a 主动公开 record and by a record that is not would be published."""
    owners: dict[str, list[Publishable]] = defaultdict(list)
    for record in records:
        for name in record.attachments:
            owners[record.attachment_file(name)].append(record)
    items: list[Diagnostic] = []
    for path, listed in sorted(owners.items()):
        hidden = [r for r in listed if not r.is_public]
        if not hidden:
            continue
        for record in listed:
            if record.is_public:
                items.append(
                    Diagnostic(
                        "error",
                        "attachment-unpublished",
                        record.file,
                        record.line_of("attachments"),
                        None,
                        f"附件“{path.removeprefix('content/')}”同时是{hidden[0].disclosure}记录 "
                        f"{hidden[0].file} 的附件，不能随本记录公开",
                        "不公开的文件不得发布；确需公开的，复制一份经审查的版本放在本记录旁边",
                    )
                )
    return items


def _linked_sources(records: Sequence[Publishable], root: Path) -> list[Diagnostic]:
    """Record files that are symbolic links: they can pull any file on the machine into the site."""
    return [
        Diagnostic(
            "error",
            "record-symlink",
            record.file,
            None,
            None,
            "记录文件是符号链接",
            "请放入真实文件，不要用链接（链接可能指向不应公开的文件）",
        )
        for record in records
        if (root / record.file).is_symlink()
    ]
