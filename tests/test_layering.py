"""The layering of service/, read from the `import` statements of every module.

Each package may import only downwards (README, "Development"):

    app (service/__init__.py), cli.py, gunicorn_conf.py, openapi/   may import anything
    api/        thin routes: http/, records/, the domain, schemas/
    http/       HTTP mechanisms: records/, the domain, schemas/; never api/
    the domain  models, db, arabic, search/, extraction/, records/, resolve,
                similarity, signing, synth, fixtures, migrations, errors, config:
                never http/, api/, openapi/ or the app factory

and no module renames what it imports (`import … as`), other than the
conventional library aliases below. Imports inside functions count too.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICE = ROOT / "service"

TOP = {"app", "cli", "gunicorn_conf", "openapi"}
FORBIDDEN = {
    "api": {"app", "openapi"},
    "http": {"app", "api", "openapi"},
    "domain": {"app", "api", "http", "openapi"},
}
CONVENTIONAL_ALIASES = {("marshmallow", "ma")}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(name):
    return (ROOT / Path(*name.split(".")) / "__init__.py").is_file()


def is_module(name):
    path = ROOT / Path(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def area(name):
    """Which layer a module of service/ belongs to: 'app', 'cli', 'api', 'http', …, or 'domain'."""
    parts = name.split(".")
    if parts[0] != "service":
        return None  # a library, or schemas/
    if len(parts) == 1:
        return "app"
    return parts[1] if parts[1] in TOP | {"api", "http"} else "domain"


def imported_modules(tree, name):
    """The absolute names of the modules a module named `name` imports."""
    package = name if is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                # `from . import search` imports the module service.search;
                # `from service import create_app` imports the package itself.
                child = f"{base}.{alias.name}"
                yield child if is_module(child) else base


def violations(source, name):
    """What the module `name` (its text `source`) imports against the layering."""
    tree = ast.parse(source)
    found = []
    own = area(name)
    for target in imported_modules(tree, name):
        if area(target) in FORBIDDEN.get(own, set()):
            found.append(f"{name} imports {target} ({own} may not import {area(target)})")
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                imported = alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
                if alias.asname and (imported, alias.asname) not in CONVENTIONAL_ALIASES:
                    found.append(f"{name} renames {imported} as {alias.asname}")
    return found


MODULES = sorted(SERVICE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_module_imports_only_downwards(path):
    assert violations(path.read_text(encoding="utf-8"), module_name(path)) == []


def test_every_layer_is_walked():
    areas = {area(module_name(path)) for path in MODULES}
    assert areas >= {"app", "cli", "api", "http", "openapi", "domain"}
    names = {module_name(path) for path in MODULES}
    assert {"service.models", "service.db", "service.arabic", "service.search", "service.extraction",
            "service.records", "service.resolve", "service.migrations", "service.fixtures"} <= names


# The checker itself, on modules that break the rules: each must be caught.
@pytest.mark.parametrize("name, source", [
    ("service.migrations", "def step():\n    from .http import ratelimit\n"),
    ("service.db", "from service.http.metrics import registry\n"),
    ("service.search.query", "from ..http.errors import ApiError\n"),
    ("service.records.base", "from .. import api\n"),
    ("service.extraction.store", "import service.api.extraction\n"),
    ("service.fixtures", "from service import create_app\n"),
    ("service.http.collection", "from ..api import statements\n"),
    ("service.http.etag", "from ..openapi import examples\n"),
    ("service.api.statements", "from .. import openapi\n"),
    ("service.records.events", "from .. import search as index\n"),
    ("service.cli", "from .models import Statement as S\n"),
])
def test_a_broken_rule_is_caught(name, source):
    assert violations(source, name) != []


@pytest.mark.parametrize("name, source", [
    ("service.records.base", "from .. import search\nfrom ..db import database\n"),
    ("service.http.collection", "from ..records import statement_records\n"),
    ("service.api.events", "from ..http.routes import crud_routes\nfrom ..records import event_records\n"),
    ("service.cli", "from .http import auth\nfrom .api.docs import spec_yaml\n"),
    ("service", "from .api import BLUEPRINTS\n"),
    ("service.openapi.recorder", "from service.http.auth import create_key\n"),
    ("service.http.blueprint", "import marshmallow as ma\n"),
])
def test_an_allowed_import_passes(name, source):
    assert violations(source, name) == []
