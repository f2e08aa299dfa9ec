"""Cross-record rule: every relative link and image of a published body leads to something published."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonegen.diagnostics import Diagnostic, Diagnostics
from zonegen.links import LinkIndex

if TYPE_CHECKING:  # load.py runs these rules
    from zonegen.load import LoadedZone


def check_links(loaded: LoadedZone) -> list[Diagnostic]:
    """A diagnostic at each link or image that is dead, or that names a file not published."""
    diags = Diagnostics()
    index = LinkIndex(loaded)
    for record in loaded.records:
        if not record.is_public:
            continue  # its body is never published
        for link in record.links:
            target = index.resolve(record, link.url)
            if target is not None and target.problem is not None:
                problem = target.problem
                diags.error(problem.code, problem.message, link.line, link.column, problem.hint, file=record.file)
    return diags.items
