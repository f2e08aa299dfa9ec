"""Cross-record rule: a published attachment never lands where zonegen or the theme writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonegen.addresses import report_data_path, reserved_output
from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.site import attachment_path

if TYPE_CHECKING:  # load.py runs these rules
    from zonegen.load import LoadedZone


def check_attachment_places(loaded: LoadedZone) -> list[Diagnostic]:
    """An error for each attachment whose output path is one zonegen keeps for itself.

    Without it, `attachments: [../../_static/zonegen.css]` with a file under content/_static/
    would replace the site's stylesheet (or the search index, the feed, a report's data).
    """
    diags = Diagnostics()
    public = [r for r in loaded.records if r.is_public]
    generated = frozenset(
        report_data_path(r.node, r.extra["year"]).casefold()
        for r in public
        if r.kind == "年度报告" and isinstance(r.extra.get("year"), int)
    )
    for record in public:
        for index, name in enumerate(record.attachments):
            if not record.attachment_file(name).startswith("content/"):
                continue  # absolute paths and escapes have their own diagnostics
            path = attachment_path(record, name)
            if not reserved_output(path, generated):
                continue
            diags.error(
                "attachment-reserved",
                f"附件“{name}”会发布到“{path}”，那是网站自身文件的位置",
                *record.at(f"attachments/{index}"),
                "附件请放在栏目文件夹中（通常就在记录旁边），不要放在 content 根目录或以“_”开头的文件夹中",
                file=record.file,
            )
    return diags.items
