"""What `check` finds in a theme before any page is rendered, so that `check` and `build` agree.

The theme must exist; every template it provides must be UTF-8, compile (syntax, unknown
filters) and name only templates that exist in its include/extends/import; extends may
not form a cycle. Errors that only happen while rendering (1//0 on some record) are
reported by the build at the template line (render.theme_error).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from zonegen.diagnostics import Diagnostic
from zonegen.render import HINT_ENCODING, HINT_NOT_FOUND, default_theme_dir, make_env, theme_dirs, theme_error

_TEXT = (".html", ".htm", ".xml", ".j2", ".jinja", ".txt", ".svg", ".js", ".json")
_REFERENCES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def theme_problems(root: Path, theme: str | None) -> list[Diagnostic]:
    """Every problem of the zone's theme that would stop a build."""
    if theme and theme != "default" and not (root / "themes" / theme).is_dir():
        return [
            Diagnostic(
                "error",
                "theme-missing",
                "zone.yaml",
                None,
                None,
                f"找不到主题“{theme}”",
                f"主题应放在 themes/{theme}/（templates/ 和 static/）",
            )
        ]
    dirs = theme_dirs(root, theme)
    files = _templates(dirs)
    env = make_env(dirs)
    known = set(env.list_templates())  # also the names only the environment gives (default/base.html)
    found: list[Diagnostic] = []
    extends: dict[str, tuple[str, int]] = {}
    default = default_theme_dir().resolve()
    for name, path in sorted(files.items()):
        if path.resolve().is_relative_to(default):
            continue  # the bundled theme is tested with zonegen itself; only a zone's own templates can break
        shown = _shown(path, root)
        raw = path.read_bytes()
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            found.append(_error(shown, line, "模板文件不是 UTF-8 编码", HINT_ENCODING))
            continue
        try:
            tree = env.parse(source, name, str(path))
            env.compile(tree, name, str(path))
        except jinja2.TemplateError as exc:
            error = theme_error(exc)
            found.append(_error(shown, error.line, error.message, error.hint))
            continue
        for node in tree.find_all(_REFERENCES):
            names = _constant_names(node.template)
            if not names or (isinstance(node, nodes.Include) and node.ignore_missing):
                continue
            if not any(target in known or target in files for target in names):
                found.append(_error(shown, node.lineno, f"模板引用的“{names[0]}”不存在", HINT_NOT_FOUND))
            elif isinstance(node, nodes.Extends):
                extends[name] = (names[0], node.lineno)
    found.extend(_extends_cycles(extends, files, root))
    return found


def _templates(dirs: list[Path]) -> dict[str, Path]:
    """Template name → the file that provides it (the zone's theme before the default)."""
    files: dict[str, Path] = {}
    for folder in dirs:
        base = folder / "templates"
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            name = path.relative_to(base).as_posix()
            if path.is_file() and path.suffix.lower() in _TEXT and not path.name.startswith("."):
                files.setdefault(name, path)
    return files


def _constant_names(expr: nodes.Node) -> list[str]:
    if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
        return [expr.value]
    if isinstance(expr, nodes.Const) and isinstance(expr.value, (list, tuple)):
        return [v for v in expr.value if isinstance(v, str)]
    if isinstance(expr, (nodes.List, nodes.Tuple)) and all(isinstance(i, nodes.Const) for i in expr.items):
        return [i.value for i in expr.items if isinstance(i.value, str)]  # type: ignore[attr-defined]
    return []  # computed at render time: checked then


def _extends_cycles(extends: dict[str, tuple[str, int]], files: dict[str, Path], root: Path) -> list[Diagnostic]:
    found = []
    for start in sorted(extends):
        seen, name = [start], extends[start][0]
        while name in extends and name not in seen:
            seen.append(name)
            name = extends[name][0]
        if name == start and start == min(seen):  # reported once, at the cycle's first template by name
            chain = " → ".join([*seen, start])
            found.append(
                _error(
                    _shown(files[start], root),
                    extends[start][1],
                    f"模板的 extends 形成循环：{chain}",
                    "一个模板不能直接或间接地继承自己；让其中一个模板不再 extends",
                )
            )
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _error(file: str, line: int | None, message: str, hint: str) -> Diagnostic:
    return Diagnostic("error", "theme-error", file, line, None, message, hint)
