"""The layout keeps its promises (docs/architecture.md): no import cycle among ``inbox`` modules,
imports inside functions included; the parser (``inbox/mail``) pure; Flask and aiosmtpd only in
the shells (web, CLI, intake, the listener); modules small enough to read in one sitting.

Read from the source with ``ast``, so it holds for every module whether a test imports it or not.
"""
from __future__ import annotations

import ast
from pathlib import Path

import inbox

PACKAGE = Path(inbox.__file__).parent
MAX_LINES = 400
SHELLS = ("inbox.web", "inbox.cli", "inbox.intake", "inbox.listener")
FRAMEWORKS = ("flask", "flask_wtf", "werkzeug", "wtforms", "aiosmtpd")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py") if not p.name.startswith("_") or p.name == "__init__.py"}


def _imports(name: str) -> set[str]:
    """Every module ``name`` imports, at the top or inside a function, as full dotted names."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            # ``from inbox.desk import audit`` imports the module inbox.desk.audit.
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return found


def _inbox_imports(name: str) -> set[str]:
    return {m for m in _imports(name) if m in MODULES and m != name}


def _in(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_modules_were_found():
    assert {"inbox.mail.parse", "inbox.pipeline.batch", "inbox.desk.moderation", "inbox.web",
            "inbox.intake.smtp", "inbox.listener", "inbox.cli"} <= set(MODULES)


def test_no_import_cycle_among_inbox_modules():
    graph = {name: _inbox_imports(name) for name in MODULES}
    state: dict[str, int] = {}          # 1: on the current path, 2: done
    cycles = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_parser_imports_only_itself_and_text_hygiene():
    for name in MODULES:
        if _in(name, ("inbox.mail",)):
            outside = {m for m in _imports(name) if m.startswith("inbox") and not _in(m, ("inbox.mail", "inbox.text"))}
            assert not outside, f"{name} imports {outside}"


def test_frameworks_only_in_the_shells():
    for name in MODULES:
        if _in(name, SHELLS):
            continue
        used = {m for m in _imports(name) if _in(m, FRAMEWORKS)}
        assert not used, f"{name} imports {used}"


def test_no_module_over_the_limit():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
