"""Documented practice cases: where real municipalities placed their climate protection management.

Source-based facts, so they live in the knowledge layer (``data/practice_cases.yaml``); the
advisor picks the most similar ones for a profile (:mod:`klimaorg.advisor.practice`) and the page
``/praxis`` lists them. The loader is strict like every knowledge loader: a wrong model, a key
whose Land or size class does not fit, a duplicate id or a source that is no web address is one
line naming the file and the entry (``practice_cases.yaml: cases[3].size_class: …``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, get_args

from pydantic import Field, StringConstraints

from klimaorg.knowledge.base import KnowledgeBase
from klimaorg.knowledge.loader import load_knowledge
from klimaorg.knowledge.schema import Goal, Identifier, Kind, Lang, LocalText, NonEmpty, Strict
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate

FILE = "practice_cases.yaml"
DATA_FILE = Path(__file__).parent / "data" / FILE
Key = Annotated[str, StringConstraints(pattern=r"^(\d{5}|\d{8}|\d{9})$")]
Address = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]
LandCode = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
KINDS: tuple[str, ...] = get_args(Kind)


class SizeClass(Strict):
    """A coarse class: the kinds it holds and, for municipalities, the lowest population."""

    id: Identifier
    label: LocalText
    kinds: Annotated[list[Kind], Field(min_length=1)]
    min_population: Annotated[int, Field(ge=0)]


class CaseFacts(Strict):
    """The few profile facts the similarity reads; only what the source states."""

    staff_fte: Annotated[float, Field(gt=0, le=500)] | None
    goals: list[Goal]


class PracticeCase(Strict):
    """One documented placement (see the head of ``practice_cases.yaml``)."""

    id: Identifier
    name: NonEmpty
    key: Key
    kind: Kind
    population: Annotated[int, Field(gt=0)]
    size_class: Identifier
    model: Identifier
    since: Annotated[int, Field(ge=1990, le=2100)] | None
    summary: LocalText
    change: LocalText | None
    sources: Annotated[list[Address], Field(min_length=1)]
    facts: CaseFacts

    @property
    def land(self) -> str:
        """The Land's code: the first two digits of the official key."""
        return self.key[:2]

    @property
    def source(self) -> str:
        """The address the facts come from first."""
        return self.sources[0]


class PracticeFile(Strict):
    """``practice_cases.yaml``."""

    lands: dict[LandCode, LocalText]
    size_classes: Annotated[list[SizeClass], Field(min_length=1)]
    cases: Annotated[list[PracticeCase], Field(min_length=1)]

    def land_name(self, code: str, lang: Lang) -> str:
        """The Land's name in ``lang``."""
        return self.lands[code].get(lang)

    def size_class(self, size_id: str) -> SizeClass:
        """The size class with ``size_id``."""
        return next(s for s in self.size_classes if s.id == size_id)


def size_class_of(classes: list[SizeClass], kind: str, population: int) -> str:
    """The first class (in file order) that holds ``kind`` and whose lowest population is met."""
    for size in classes:
        if kind in size.kinds and population >= size.min_population:
            return size.id
    raise ValueError(f"no size class for {kind} with {population}")


def load_practice(path: Path | None = None, knowledge: KnowledgeBase | None = None) -> PracticeFile:
    """Read and cross-check a practice file (the packaged one by default, cached)."""
    if path is None and knowledge is None:
        return _load_default()
    return _load(path or DATA_FILE, knowledge or load_knowledge())


@lru_cache(maxsize=1)
def _load_default() -> PracticeFile:
    return _load(DATA_FILE, load_knowledge())


def _load(path: Path, knowledge: KnowledgeBase) -> PracticeFile:
    name = path.name
    data = validate(PracticeFile, read_yaml(path, name), name)
    _check_classes(name, data)
    models = set(knowledge.model_ids)
    seen: set[str] = set()
    for i, case in enumerate(data.cases):
        where = f"cases[{i}]"
        if case.id in seen:
            raise DataFileError(name, f"{where}.id", f"doppelte ID '{case.id}'")
        seen.add(case.id)
        if case.model not in models:
            raise DataFileError(name, f"{where}.model", f"unbekanntes Modell: '{case.model}'")
        if case.land not in data.lands:
            raise DataFileError(name, f"{where}.key", f"kein Land mit Schlüssel '{case.land}'")
        _check_key_kind(name, where, case)
        expected = size_class_of(data.size_classes, case.kind, case.population)
        if case.size_class != expected:
            raise DataFileError(
                name,
                f"{where}.size_class",
                f"'{case.size_class}' passt nicht zu Art und Einwohnerzahl "
                f"(erwartet: '{expected}')",
            )
        if len(set(case.sources)) != len(case.sources):
            raise DataFileError(name, f"{where}.sources", "Adresse doppelt genannt")
    return data


def _check_classes(name: str, data: PracticeFile) -> None:
    """Class ids are unique and every kind of municipality falls into some class."""
    ids = [s.id for s in data.size_classes]
    for i, size_id in enumerate(ids):
        if size_id in ids[:i]:
            raise DataFileError(name, f"size_classes[{i}].id", f"doppelte ID '{size_id}'")
    covered = {k for s in data.size_classes if s.min_population == 0 for k in s.kinds}
    missing = [k for k in KINDS if k not in covered]
    if missing:
        raise DataFileError(name, "size_classes", f"keine Klasse für: {', '.join(missing)}")


def _check_key_kind(name: str, where: str, case: PracticeCase) -> None:
    """The key's length fits the kind: 5 digits for a Landkreis, 9 for a Gemeindeverband
    (Verband key), 8 for a municipality (AGS)."""
    length = {"landkreis": 5, "gemeindeverband": 9}.get(case.kind, 8)
    if len(case.key) != length:
        raise DataFileError(
            name, f"{where}.key", f"ein Schlüssel für '{case.kind}' hat {length} Ziffern"
        )
