"""axe-core, the npm package, for the browser tests: found in ``.cache/axe`` (``scripts/test``
installs it there with npm, and so does :func:`axe_source` when it is missing); a test that needs
it skips, saying why, only where node and npm are absent."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFIX = ROOT / ".cache" / "axe"
AXE = PREFIX / "node_modules" / "axe-core" / "axe.min.js"
VERSION = "axe-core@4"


def install() -> None:
    subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                    "--prefix", str(PREFIX), VERSION], check=True, capture_output=True, timeout=300)


def axe_source() -> str:
    if not AXE.exists():
        if not (shutil.which("node") and shutil.which("npm")):
            pytest.skip(reason="axe-core needs node and npm (apt-get install nodejs npm); neither is installed")
        install()
    return AXE.read_text(encoding="utf-8")


def violations(page, source: str) -> list[dict]:
    """axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices)."""
    page.evaluate(source)       # through the debugger protocol, so our CSP does not refuse it
    return page.evaluate("""async () => {
        const r = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
