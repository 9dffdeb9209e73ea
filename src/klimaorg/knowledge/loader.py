"""Strict loader of the knowledge folder.

Each file is validated against :mod:`klimaorg.knowledge.schema`; then the folder is cross-checked:
file names match ids, ids are unique, every effect names a known criterion, every source is known,
and each criterion's ``derived_from`` lists exactly the statements that bear on it. Any problem is a
:class:`~klimaorg.knowledge.yamlfile.DataFileError` naming the file and the field.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from klimaorg.knowledge.base import KnowledgeBase
from klimaorg.knowledge.schema import CriteriaFile, IndexFile, ModelFile, SourcesFile
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate

DEFAULT_DIR = Path(__file__).parent / "data"


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and cross-check the knowledge folder (the packaged one by default, cached)."""
    if directory is None:
        return _load_default()
    return _load(Path(directory))


@lru_cache(maxsize=1)
def _load_default() -> KnowledgeBase:
    return _load(DEFAULT_DIR)


def _load(directory: Path) -> KnowledgeBase:
    if not directory.is_dir():
        raise DataFileError(str(directory), "", "Ordner der Wissensbasis nicht gefunden")
    index = validate(IndexFile, read_yaml(directory / "index.yaml", "index.yaml"), "index.yaml")
    sources = validate(
        SourcesFile, read_yaml(directory / "sources.yaml", "sources.yaml"), "sources.yaml"
    ).sources
    criteria = validate(
        CriteriaFile, read_yaml(directory / "criteria.yaml", "criteria.yaml"), "criteria.yaml"
    ).criteria
    models = tuple(sorted(_load_models(directory / "models"), key=lambda m: (m.order, m.id)))
    base = KnowledgeBase(
        models=models,
        criteria=tuple(criteria),
        sources=tuple(sources),
        performance_formula=index.performance_formula.model_dump(),
    )
    _check(base)
    return base


def _load_models(folder: Path) -> list[ModelFile]:
    if not folder.is_dir():
        raise DataFileError("models/", "", "Ordner der Modelle fehlt")
    models = []
    for path in sorted(folder.glob("*.yaml")):
        name = f"models/{path.name}"
        model = validate(ModelFile, read_yaml(path, name), name)
        if model.id != path.stem:
            raise DataFileError(
                name, "id", f"'{model.id}' muss dem Dateinamen '{path.stem}' gleichen"
            )
        models.append(model)
    if not models:
        raise DataFileError("models/", "", "keine Modelldatei gefunden")
    return models


def _check(base: KnowledgeBase) -> None:
    _check_unique("sources.yaml", "sources", [s.id for s in base.sources])
    _check_unique("criteria.yaml", "criteria", [c.id for c in base.criteria])
    _check_unique("models/", "id", [m.id for m in base.models])
    _check_unique("models/", "order", [str(m.order) for m in base.models])
    for model in base.models:
        _check_model(base, model.id)
    _check_derived_from(base)


def _check_unique(file: str, field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for position, identifier in enumerate(ids):
        if identifier in seen:
            raise DataFileError(file, f"{field}[{position}]", f"doppelte ID '{identifier}'")
        seen.add(identifier)


def _check_model(base: KnowledgeBase, model_id: str) -> None:
    model = base.model(model_id)
    name = f"models/{model.id}.yaml"
    known_sources = {s.id for s in base.sources}
    known_criteria = set(base.criterion_ids)
    for field, text in (("name", model.name), ("description", model.description)):
        if text.source not in known_sources:
            raise DataFileError(name, f"{field}.source", f"unbekannte Quelle '{text.source}'")
    seen: set[str] = set()
    for item in base.statements(model.id):
        field = f"{'advantages' if item.kind == 'advantage' else 'disadvantages'}[{item.index}]"
        statement = item.statement
        if statement.id in seen:
            raise DataFileError(name, f"{field}.id", f"doppelte ID '{statement.id}'")
        seen.add(statement.id)
        if statement.source not in known_sources:
            raise DataFileError(name, f"{field}.source", f"unbekannte Quelle '{statement.source}'")
        for position, effect in enumerate(statement.effects):
            if effect.criterion not in known_criteria:
                raise DataFileError(
                    name,
                    f"{field}.effects[{position}].criterion",
                    f"unbekanntes Kriterium '{effect.criterion}'",
                )


def _check_derived_from(base: KnowledgeBase) -> None:
    """A criterion's ``derived_from`` must name exactly the statements that bear on it."""
    used: dict[str, set[str]] = defaultdict(set)
    for item in base.statements():
        for effect in item.statement.effects:
            used[effect.criterion].add(item.ref)
    for position, criterion in enumerate(base.criteria):
        listed = set(criterion.derived_from)
        field = f"criteria[{position}].derived_from"
        if missing := sorted(used[criterion.id] - listed):
            raise DataFileError(
                "criteria.yaml",
                field,
                f"es fehlen Aussagen, die darauf wirken: {', '.join(missing)}",
            )
        if extra := sorted(listed - used[criterion.id]):
            raise DataFileError(
                "criteria.yaml", field, f"diese Aussagen wirken nicht darauf: {', '.join(extra)}"
            )
