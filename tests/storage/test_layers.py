"""The import graph around storage, read from the source with :mod:`ast` (no import runs):

* the interfaces (``web``, ``cli`` and :mod:`klimaorg.assessing`, which puts advisor and
  storage together for them) import from storage only the package (opening, migrating,
  backing up the database) and :mod:`klimaorg.storage.service` - never ``models``, ``core``,
  ``errors``, ``sessions`` … and never a name with a leading underscore;
* no module outside storage can build an ORM query: from SQLAlchemy it may import only the
  ``Session`` type and the exceptions, and it calls no ``execute``/``scalar``/``query``;
* storage imports neither the engine nor the advisor nor any interface: it stores and loads,
  the advisor computes; and its modules import no private name from one another.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import klimaorg.storage
from klimaorg.storage import service

SRC = Path(__file__).resolve().parents[2] / "src" / "klimaorg"
STORAGE = SRC / "storage"
INTERFACES = [SRC / "web", SRC / "cli", SRC / "assessing.py"]
PUBLIC_MODULES = {"klimaorg.storage", "klimaorg.storage.service"}
#: What storage must never import (it stores and loads; these compute or present).
NOT_FROM_STORAGE = (
    "klimaorg.engine",
    "klimaorg.advisor",
    "klimaorg.web",
    "klimaorg.cli",
    "klimaorg.reports",
    "klimaorg.charts",
    "klimaorg.batch",
    "klimaorg.assessing",
)
#: All a module outside storage may take from SQLAlchemy: the session type and the errors.
SQLALCHEMY_ALLOWED = {"sqlalchemy.orm": {"Session"}, "sqlalchemy.exc": None}  # None: any name
QUERY_METHODS = {"execute", "scalar", "scalars", "query", "exec_driver_sql"}


@dataclass(frozen=True)
class Import:
    """One imported module (and name, for ``from … import``) at a line of a file."""

    path: Path
    line: int
    module: str
    name: str | None

    def __str__(self) -> str:
        what = f"from {self.module} import {self.name}" if self.name else f"import {self.module}"
        return f"{self.path.relative_to(SRC.parent)}:{self.line}: {what}"


def python_files(*roots: Path) -> Iterator[Path]:
    for root in roots:
        yield from [root] if root.is_file() else sorted(root.rglob("*.py"))


def imports(path: Path) -> Iterator[Import]:
    """Every import of a file, at module level or inside a function (lazy imports count)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name, None)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            for alias in node.names:
                yield Import(path, node.lineno, node.module or "", alias.name)


def storage_violation(item: Import) -> str | None:
    """Why an interface's import reaches into storage, or ``None`` when it does not."""
    module, name = item.module, item.name
    if module != "klimaorg.storage" and not module.startswith("klimaorg.storage."):
        return None
    if module not in PUBLIC_MODULES:
        return "an internal storage module"
    if name is None:
        return None
    if name.startswith("_"):
        return "a private name"
    public = set(klimaorg.storage.__all__) | {"service"}
    if module == "klimaorg.storage" and name not in public:
        return "a storage submodule or name the package does not export"
    if module == "klimaorg.storage.service" and name not in service.__all__:
        return "a name the service does not export"
    return None


def test_interfaces_import_only_the_storage_package_and_service() -> None:
    found = [
        f"{item} - {why}"
        for path in python_files(*INTERFACES)
        for item in imports(path)
        if (why := storage_violation(item)) is not None
    ]
    assert found == []


def test_interfaces_use_no_private_name_of_the_service() -> None:
    found = []
    for path in python_files(*INTERFACES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "service"
                and node.attr.startswith("_")
            ):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}: service.{node.attr}")
    assert found == []


def outside_storage() -> list[Path]:
    return [p for p in python_files(SRC) if STORAGE not in p.parents]


def test_no_orm_query_outside_storage() -> None:
    """Without ``select``/``update``/models nobody can query; the calls are checked too."""
    found = []
    for path in outside_storage():
        for item in imports(path):
            if item.module.split(".")[0] != "sqlalchemy":
                continue
            names = SQLALCHEMY_ALLOWED.get(item.module, set())
            if item.name is None or (names is not None and item.name not in names):
                found.append(str(item))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in QUERY_METHODS
            ):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno}: .{node.func.attr}()")
    assert found == []


def test_storage_imports_no_engine_advisor_or_interface() -> None:
    found = [
        str(item)
        for path in python_files(STORAGE)
        for item in imports(path)
        if any(
            item.module == banned or item.module.startswith(f"{banned}.")
            for banned in NOT_FROM_STORAGE
        )
        or (item.module == "klimaorg" and item.name in {"advisor", "engine", "assessing"})
    ]
    assert found == []


def test_storage_modules_share_no_private_name() -> None:
    """What one storage module needs from another is public there (``assessment_row``, not
    ``_row``)."""
    found = [
        str(item)
        for path in python_files(STORAGE)
        for item in imports(path)
        if item.module.startswith("klimaorg.") and (item.name or "").startswith("_")
    ]
    assert found == []


def test_the_service_exports_no_private_name_and_every_name_exists() -> None:
    for module in (klimaorg.storage, service):
        assert not [n for n in module.__all__ if n.startswith("_")]
        assert all(hasattr(module, n) for n in module.__all__)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("from klimaorg.storage.models import Assessment", "an internal storage module"),
        ("from klimaorg.storage.core import Principal", "an internal storage module"),
        ("import klimaorg.storage.errors", "an internal storage module"),
        ("from klimaorg.storage import sessions", "a storage submodule or name"),
        ("from klimaorg.storage.service import _row", "a private name"),
        ("from klimaorg.storage.service import aggregate_snapshot", "a name the service does"),
        ("from klimaorg.storage import service", None),
        ("from klimaorg.storage.service import Principal", None),
        ("from klimaorg.storage import Database", None),
    ],
)
def test_the_check_sees_what_it_must(tmp_path: Path, line: str, why: str | None) -> None:
    """The rule itself: each forbidden form is caught, each allowed one passes."""
    path = SRC / "web" / "example.py"  # a place inside the tree, for the relative path
    file = tmp_path / "example.py"
    file.write_text(f"def f() -> None:\n    {line}\n", encoding="utf-8")
    found = [storage_violation(Import(path, i.line, i.module, i.name)) for i in imports(file)]
    if why is None:
        assert found == [None]
    else:
        assert found[0] is not None and found[0].startswith(why)
