"""The web layer's shape, read from the source (no import runs):

* one folder per resource, each with the same file roles: ``pages.py`` (HTML routes),
  ``api.py`` (JSON routes), ``schemas.py`` (the API's shapes), ``views.py`` (what the routes
  show and the steps behind it) and an ``__init__.py`` that exposes ``router``;
* routes are defined only in ``pages.py`` and ``api.py``, and no such module is over
  :data:`MAX_ROUTE_LINES` lines (a route parses, calls one function, renders);
* one session dependency (``klimaorg.web.auth.SessionDep``) and one mapping of storage errors
  to answers (:mod:`klimaorg.web.auth_errors`): no resource registers handlers of its own, and
  no route module catches a refusal just to word it again (a form that shows a refusal at its
  field takes the wording from there).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "klimaorg" / "web"
RESOURCES = ("account", "assessments", "catalogue", "site", "wizard", "workshops")
ROLES = {"__init__.py", "pages.py", "api.py", "schemas.py", "views.py"}
#: Roles a resource lacks, with the reason (the account is pages only: API clients use tokens).
WITHOUT = {"account": {"api.py"}}
#: Modules a resource has beyond the roles.
EXTRA = {"wizard": {"form.py"}}
#: Folders under web/ that are no resource (shared infrastructure).
NOT_RESOURCES = {"openapi", "static", "templates", "__pycache__"}
MAX_ROUTE_LINES = 300
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "head", "options", "api_route"}


def route_count(path: Path) -> int:
    """How many functions of ``path`` are decorated as routes (``@<router>.get(...)`` …)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS:
                    count += 1
    return count


def test_every_folder_under_web_is_a_known_resource() -> None:
    folders = {p.name for p in WEB.iterdir() if p.is_dir()} - NOT_RESOURCES
    assert folders == set(RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_has_the_same_file_roles(resource: str) -> None:
    files = {p.name for p in (WEB / resource).glob("*.py")}
    expected = (ROLES - WITHOUT.get(resource, set())) | EXTRA.get(resource, set())
    assert files == expected


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_exposes_its_router(resource: str) -> None:
    tree = ast.parse((WEB / resource / "__init__.py").read_text(encoding="utf-8"))
    names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert "router" in names | imported


def test_routes_live_only_in_pages_and_api_modules_of_at_most_300_lines() -> None:
    route_modules = {p for p in WEB.rglob("*.py") if route_count(p)}
    assert route_modules, "no route found: the decorator check no longer matches"
    misplaced = sorted(str(p.relative_to(WEB)) for p in route_modules if p.name not in ROLES)
    assert misplaced == []
    too_long = {
        str(p.relative_to(WEB)): n
        for p in route_modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_ROUTE_LINES
    }
    assert too_long == {}


def test_one_session_dependency_and_one_error_mapping() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in WEB.rglob("*.py")}
    defines_session = [p.name for p, text in sources.items() if "SessionDep = " in text]
    assert defines_session == ["auth.py"]
    in_resources = [
        str(p.relative_to(WEB))
        for p, text in sources.items()
        if p.parent.name in RESOURCES and "add_exception_handler(" in text
    ]
    assert in_resources == []  # errors are mapped in web/errors.py and web/auth_errors.py
    for resource in RESOURCES:
        for module in ("pages.py", "api.py"):
            path = WEB / resource / module
            if path.exists():
                text = sources[path]
                assert "except PermissionDeniedError" not in text, path
                assert "except WorkshopClosedError" not in text, path
