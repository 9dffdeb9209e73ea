"""Strict loader of the knowledge folder.

Each file is validated against :mod:`klimaorg.knowledge.schema`; then the folder is cross-checked:
file names match ids, ids are unique, every effect names a known criterion, every source is known,
each criterion's ``derived_from`` lists exactly the statements that bear on it, and every model
has a coherent rating on every criterion (see :func:`_check_rating`). Any problem is a
:class:`~klimaorg.knowledge.yamlfile.DataFileError` naming the file and the field (or the cell).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from klimaorg.knowledge.base import KnowledgeBase
from klimaorg.knowledge.schema import CriteriaFile, IndexFile, ModelFile, Rating, SourcesFile
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate

DEFAULT_DIR = Path(__file__).parent / "data"


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and cross-check the knowledge folder (the packaged one by default, cached)."""
    if directory is None:
        return _load_default()
    return _load(Path(directory))


def configured_knowledge() -> KnowledgeBase:
    """The knowledge base the settings name (``KLIMAORG_KNOWLEDGE_DIR``, else the packaged
    one): what every layer reads, storage included (it checks model and criterion ids
    against it), so an edited folder is seen everywhere. Read once per process and folder."""
    from klimaorg.settings import get_settings  # settings are read when asked, not at import

    return _load_configured(get_settings().knowledge_dir)


@lru_cache(maxsize=2)
def _load_configured(directory: Path | None) -> KnowledgeBase:
    return load_knowledge(directory)


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
        rating_method=index.rating_method.model_dump(),
        rating_scale={k: v.model_dump() for k, v in sorted(index.rating_scale.items())},
    )
    if sorted(index.rating_scale) != [1, 2, 3, 4, 5]:
        raise DataFileError("index.yaml", "rating_scale", "braucht je eine Bezeichnung für 1 bis 5")
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
    for model in base.models:
        _check_ratings(base, model)


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


SCALE_LOW, SCALE_HIGH = 1.0, 5.0
NEUTRAL = 3.0
WIDE = 1.0
"""Least half-width of an interval whose basis is only expert assumptions (index.yaml)."""


def _check_ratings(base: KnowledgeBase, model: ModelFile) -> None:
    """Every criterion rated, no rating of an unknown criterion, every cell coherent."""
    name = f"models/{model.id}.yaml"
    for criterion_id in model.ratings:
        if criterion_id not in base.criterion_ids:
            raise DataFileError(
                name, f"ratings.{criterion_id}", f"unbekanntes Kriterium '{criterion_id}'"
            )
    for criterion_id in base.criterion_ids:
        cell = f"Bewertung {model.id} × {criterion_id}"
        if criterion_id not in model.ratings:
            raise DataFileError(name, cell, "fehlt (jedes Kriterium braucht eine Bewertung)")
        _check_rating(base, model, criterion_id, model.ratings[criterion_id], name, cell)


def _num(value: float) -> str:
    """A scale value as a German reader writes it: 3, 3,5."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _check_rating(
    base: KnowledgeBase, model: ModelFile, criterion_id: str, rating: Rating, file: str, cell: str
) -> None:
    """One cell must agree with itself and with its evidence.

    The interval holds the value and lies symmetric around it (cut only at 1 and 5); the basis is
    not empty; a statement in it belongs to this model and bears on this criterion; a source is
    known; a cell rated above average while all its statements weaken the criterion (or below
    while all strengthen it) contradicts its own basis; a basis of expert assumptions only needs a
    wide interval, because nothing narrows it.
    """
    if len(rating.interval) != 2:
        raise DataFileError(file, cell, "Intervall braucht genau zwei Werte [untere, obere Grenze]")
    low, high, value = rating.low, rating.high, rating.value
    shown = f"[{_num(low)}; {_num(high)}]"
    if not low <= value <= high:
        raise DataFileError(file, cell, f"Intervall {shown} enthält den Wert {_num(value)} nicht")
    below, above = value - low, high - value
    if (
        below != above
        and not (low == SCALE_LOW and below < above)
        and not (high == SCALE_HIGH and above < below)
    ):
        raise DataFileError(
            file,
            cell,
            f"Intervall {shown} liegt nicht symmetrisch um den Wert {_num(value)} "
            "(abgeschnitten wird nur an den Skalenenden 1 und 5)",
        )
    if not rating.basis:
        raise DataFileError(file, cell, "ohne Grundlage (Aussage, Quelle oder Expertenannahme)")
    signs = [
        _statement_sign(base, model, criterion_id, item.statement, file, cell)
        for item in rating.basis
        if item.statement is not None
    ]
    known_sources = {s.id for s in base.sources}
    for item in rating.basis:
        if item.source is not None and item.source not in known_sources:
            raise DataFileError(file, cell, f"unbekannte Quelle '{item.source}'")
    if signs and all(s < 0 for s in signs) and value > NEUTRAL:
        raise DataFileError(
            file, cell, f"Wert {_num(value)} über dem Durchschnitt, aber alle Aussagen schwächen"
        )
    if signs and all(s > 0 for s in signs) and value < NEUTRAL:
        raise DataFileError(
            file, cell, f"Wert {_num(value)} unter dem Durchschnitt, aber alle Aussagen stärken"
        )
    only_assumed = all(item.kind == "expert_assumption" for item in rating.basis)
    if only_assumed and max(below, above) < WIDE:
        raise DataFileError(
            file,
            cell,
            f"nur Expertenannahmen als Grundlage: Intervall {shown} ist zu eng (mindestens ±1)",
        )


def _statement_sign(
    base: KnowledgeBase, model: ModelFile, criterion_id: str, ref: str, file: str, cell: str
) -> int:
    """+1 or -1: how the named statement of this model bears on this criterion."""
    for item in base.statements(model.id):
        if item.statement.id == ref:
            for effect in item.statement.effects:
                if effect.criterion == criterion_id:
                    return effect.sign
            raise DataFileError(file, cell, f"Aussage '{ref}' wirkt nicht auf dieses Kriterium")
    raise DataFileError(file, cell, f"unbekannte Aussage '{ref}' (nicht in diesem Modell)")
