"""The zone's own figures as of the audit date: records by 五公开 category, domain and month."""

from __future__ import annotations

from collections import Counter

from zonegen.audit.context import Context
from zonegen.audit.coverage import blank_nodes
from zonegen.audit.model import Stats
from zonegen.catalog import Node
from zonegen.schema import CATEGORIES

UNCATEGORISED = "未分类"


def _domain(node: Node | None) -> Node | None:
    while node is not None and node.kind != "domain":
        node = node.parent
    return node


def stats(ctx: Context) -> Stats:
    categories: Counter[str] = Counter()
    domains: Counter[str] = Counter()
    months: Counter[str] = Counter()
    grid: dict[str, Counter[str]] = {}
    for record in ctx.records:
        node = ctx.node(record)
        month = f"{record.published.year}-{record.published.month:02d}"
        months[month] += 1
        category = node.item.category if node is not None and node.item is not None else ""
        categories[category or UNCATEGORISED] += 1
        domain = _domain(node)
        if domain is not None:
            domains[domain.title] += 1
            grid.setdefault(domain.title, Counter())[month] += 1
    order = [*CATEGORIES, UNCATEGORISED]
    domain_order = [d.title for d in ctx.loaded.catalog.domains if d.applies_to(ctx.loaded.zone.level)]
    openable, blank = blank_nodes(ctx)
    return Stats(
        records=len(ctx.records),
        by_category={name: categories[name] for name in order if categories[name] or name in CATEGORIES},
        by_domain={name: domains[name] for name in domain_order},
        by_month=dict(sorted(months.items())),
        by_domain_month={name: dict(sorted(grid[name].items())) for name in domain_order if name in grid},
        blank_columns=len(blank),
        openable_columns=len(openable),
    )
