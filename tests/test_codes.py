"""The registry of diagnostic codes: every code zonegen raises is declared once, with its severity.

The scan reads zonegen/ as source (AST), so a code that no test happens to raise is still
checked. Codes built at run time (from a table) are checked when raised: `Diagnostic`
refuses an unregistered code, so the tests that produce them fail instead.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from zonegen import codes
from zonegen.codes import CODES
from zonegen.diagnostics import Diagnostic, Diagnostics

PACKAGE = Path(codes.__file__).parent
_CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SEVERITY_OF_CALL = {"error": "error", "warning": "warning"}


def _trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def _code_positions(trees: dict[Path, ast.Module]) -> dict[str, set[int]]:
    """Every function in zonegen with a parameter named `code`, by name → that parameter's position."""
    positions: dict[str, set[int]] = {"Diagnostic": {1}}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args]
                names = names[1:] if names[:1] in (["self"], ["cls"]) else names
                if "code" in names:
                    positions.setdefault(node.name, set()).add(names.index("code"))
    return positions


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _uses() -> Iterator[tuple[str, str, str | None]]:
    """(where, code, severity or None) for each string literal passed where a code is expected."""
    trees = _trees()
    positions = _code_positions(trees)
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            found = [node.args[i] for i in positions.get(name, ()) if i < len(node.args)]
            found += [k.value for k in node.keywords if k.arg == "code"]
            for arg in found:
                code = _literal(arg)
                if code is None or not _CODE_SHAPE.match(code):  # a message (Chinese) or a computed code
                    continue
                severity = _SEVERITY_OF_CALL.get(name)
                if name == "Diagnostic":
                    severity = _literal(node.args[0])
                yield f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", code, severity


def test_every_code_raised_in_zonegen_is_registered_with_its_severity() -> None:
    problems = []
    seen = 0
    for where, code, severity in _uses():
        seen += 1
        if code not in CODES:
            problems.append(f"{where}: “{code}” is not registered in zonegen/codes.py")
        elif severity is not None and CODES[code].severity != severity:
            problems.append(f"{where}: “{code}” is raised as {severity}, registered as {CODES[code].severity}")
    assert seen > 100, "the scan found almost no call sites: it no longer matches how codes are passed"
    assert not problems, "\n".join(problems)


def test_every_registered_code_is_used_somewhere() -> None:
    literals = {
        node.value
        for path, tree in _trees().items()
        if path.name != "codes.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unused = sorted(set(CODES) - literals)
    assert not unused, f"registered but never raised (remove them from zonegen/codes.py): {unused}"


def test_every_code_has_a_chinese_title_and_hint() -> None:
    for entry in CODES.values():
        assert _CODE_SHAPE.match(entry.code), entry.code
        assert re.search(r"[\u4e00-\u9fff]", entry.title), entry.code
        assert re.search(r"[\u4e00-\u9fff]", entry.hint), entry.code


def test_clerk_manual_table_is_generated_from_the_registry() -> None:
    manual = codes.MANUAL.read_text(encoding="utf-8")
    assert codes.BEGIN in manual and codes.END in manual
    stale = codes.with_table(manual) != manual
    assert not stale, "docs/用户手册.md 的代号表已过期：python -m zonegen.codes --manual"
    for code in CODES:
        assert f"| `{code}` |" in manual


def test_an_unregistered_code_or_a_changed_severity_is_refused() -> None:
    diags = Diagnostics("content/a.md")
    with pytest.raises(ValueError, match="not registered"):
        diags.error("no-such-code", "消息")
    with pytest.raises(ValueError, match="registered as error"):
        diags.warning("unknown-key", "消息")
    with pytest.raises(ValueError, match="registered as warning"):
        Diagnostic("error", "file-draft", None, None, None, "消息")


def test_a_diagnostic_without_a_hint_gets_the_registered_one() -> None:
    diags = Diagnostics("content/a.md")
    diags.warning("also-self", "同时发布于“x”就是记录所在的栏目", 3)
    diags.error("unknown-key", "未知的键“titel”", 2, 1, "您是不是想写“title”？")
    assert [d.hint for d in diags] == [CODES["also-self"].hint, "您是不是想写“title”？"]
    assert diags.items[0].to_text().endswith("提示：" + CODES["also-self"].hint)
