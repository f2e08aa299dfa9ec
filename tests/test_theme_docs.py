"""docs/themes.md lists every template and every variable each one uses and gets."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from jinja2 import meta, nodes

from tests.conftest import REPO
from zonegen.build import check
from zonegen.render import Renderer, default_theme_dir, make_env, theme_dirs
from zonegen.site import plan
from zonegen.views import Views

DOC = (REPO / "docs" / "themes.md").read_text(encoding="utf-8")
TEMPLATES = default_theme_dir() / "templates"
ENV = make_env(theme_dirs(REPO, None))


def section(heading: str) -> str:
    """The text under one heading of docs/themes.md, up to the next heading of any level."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", DOC, re.S | re.M)
    assert match, f"docs/themes.md has no heading “{heading}”"
    return match.group(1)


def listed(text: str) -> set[str]:
    """The names in the first column of the tables in text."""
    return set(re.findall(r"^\| `([A-Za-z_]+)` \|", text, re.M))


COMMON = listed(section("Variables every template gets"))
GLOBALS = listed(section("Filters and globals"))


def used(name: str) -> set[str]:
    """Variables a template reads from its context (not those it imports or defines itself)."""
    ast = ENV.parse((TEMPLATES / name).read_text(encoding="utf-8"))
    own = {n.name for n in ast.find_all(nodes.Macro)}
    for node in ast.find_all(nodes.FromImport):
        own.update(item[1] if isinstance(item, tuple) else item for item in node.names)
    return meta.find_undeclared_variables(ast) - own


def documented(name: str) -> set[str]:
    text = section(f"`{name}`")
    return listed(text) | set(re.findall(r"Uses `([a-z_]+)`", text))


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_every_variable_a_template_uses_is_documented(name: str) -> None:
    missing = used(name) - documented(name) - COMMON - GLOBALS
    assert not missing, f"docs/themes.md, section `{name}`, does not list: {sorted(missing)}"


def test_the_doc_lists_the_filters_and_globals_the_environment_adds() -> None:
    assert {"url", "label"} <= GLOBALS
    assert {"url"} <= set(ENV.filters) and {"label"} <= set(ENV.globals)


def test_every_page_gets_exactly_the_variables_the_doc_lists() -> None:
    loaded, diagnostics = check(REPO)
    assert loaded is not None, diagnostics
    seen: set[str] = set()
    for kiosk in (False, True):  # the kiosk copy adds the attachments' pages
        site = plan(loaded, dt.date.today(), kiosk)
        renderer = Renderer(site, ENV, Views(site, {}))
        for page in site.pages:
            template, context = renderer.context(page)
            if template in seen:
                continue
            seen.add(template)
            assert set(context) == COMMON | listed(section(f"`{template}`")), template
    # The sample zone has a page of every kind, so every page template was compared.
    pages = {p.name for p in TEMPLATES.glob("*.html") if not p.name.startswith("_") and p.name != "base.html"}
    assert seen == pages


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_default_templates_link_through_the_url_filter(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert not re.search(r"\{\{\s*root\s*\}\}", text), "use {{ 'page.html'|url }} instead of {{ root }}"


@pytest.mark.parametrize("name", ["_index_table.html", "directory.html"])
def test_record_field_headings_come_from_the_schema(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    written = re.findall(r"<th[^>]*>([^<{]+)</th>", text)
    assert written == [], f"write {{{{ label('key') }}}} instead of {written}"
