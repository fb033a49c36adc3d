"""The package graph has no back-edge: the low layers (app.core, app.admin, app.audit) import
no feature module, so a feature can use them without an import cycle (issue 9: `auth` ->
`admin` -> `auth` before the roles moved to app.core.roles). Function-level imports count."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.no_db
APP = Path(__file__).resolve().parents[2] / "app"
LOW = ("core", "admin", "audit")
FEATURES = ("auth", "org", "performance", "workflow", "customfields", "configio",
            "dashboard", "public", "demo")


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)


def test_low_layers_import_no_feature():
    found = [f"{path.relative_to(APP.parent)}:{line} imports {module}"
             for layer in LOW for path in sorted((APP / layer).rglob("*.py"))
             for line, module in _imports(path)
             if module.split(".")[:2] in [["app", feature] for feature in FEATURES]]
    assert not found, "\n".join(found)
