"""Machine-readable outputs: sitemap.xml, feed.xml (Atom) and directory.json (open data)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from zonegen.site import Site
from zonegen.views import Views

FEED_SIZE = 50


def sitemap(site: Site) -> str:
    base = site.zone.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in site.pages:
        from urllib.parse import quote

        loc = escape(base + quote(page.path))
        if page.kind == "record":
            lastmod = site.records[page.record].published.isoformat()
            lines.append(f"  <url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>")
        else:
            lines.append(f"  <url><loc>{loc}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def feed(site: Site, views: Views) -> str:
    base = site.zone.base_url
    newest = site.records[:FEED_SIZE]
    updated = f"{newest[0].published.isoformat()}T00:00:00+08:00" if newest else "1970-01-01T00:00:00+08:00"
    title = escape(site.zone.title)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{title}</title>",
        f'  <link href="{escape(base)}"/>',
        f'  <link rel="self" href="{escape(base)}feed.xml"/>',
        f"  <id>{escape(base)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(site.zone.name)}</name></author>",
    ]
    for index, record in enumerate(newest):
        url = escape(base + site.record_url(record))
        stamp = f"{record.published.isoformat()}T00:00:00+08:00"
        view = views.record(index)
        lines += [
            "  <entry>",
            f"    <title>{escape(record.title)}</title>",
            f'    <link href="{url}"/>',
            f"    <id>{url}</id>",
            f"    <updated>{stamp}</updated>",
            f"    <published>{stamp}</published>",
            f'    <category term="{escape(view.node.title)}"/>',
            f"    <summary>{escape(record.summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def directory(site: Site, views: Views) -> str:
    """The 政府信息公开目录 as open data, in the site's order (newest first)."""
    entries = []
    for index, record in enumerate(site.records):
        entries.append(
            {
                "index_no": record.index_no,
                "title": record.title,
                "url": site.record_url(record),
                "created": record.created.isoformat(),
                "published": record.published.isoformat(),
                "node": record.node,
                "kind": record.kind,
                "doc_no": record.doc_no,
                "summary": record.summary,
                "publisher": record.publisher,
                "validity": record.validity,
                "repealed": record.repealed.isoformat() if record.repealed else "",
                "topic": record.topic,
                "keywords": list(record.keywords),
                "category": views.category(record),
                "attachments": [a.url for a in views.attachments(index)],
            }
        )
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
