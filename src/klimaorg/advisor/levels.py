"""Administrative levels: the unit whose administration the advice is for.

Many Gemeinden have no administration of their own: an Amt, Samtgemeinde, Verbandsgemeinde,
Verwaltungsverband or Verwaltungsgemeinschaft (or an "erfüllende Gemeinde") runs it for all its
members, and a climate post of a member in practice sits there. So a member Gemeinde chosen from
the official directory is advised as that association: kind ``gemeindeverband``, population of
all members. A Landkreis or an association can also be chosen directly. What the result says
about it, and the notes that come with a kind (a Landkreis's own tasks, Klimaschutzkoordination),
are data of ``data/levels.yaml`` with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from klimaorg.advisor.data import DATA_DIR
from klimaorg.advisor.schema import Basis
from klimaorg.directory import Directory, Gemeindeverband, Kind, Kreis, Municipality
from klimaorg.i18n import Lang, number
from klimaorg.knowledge.schema import Identifier, LocalText, NonEmpty, Strict
from klimaorg.knowledge.yamlfile import DataFileError, read_yaml, validate

FILE = "levels.yaml"


class LevelSource(Strict):
    """A source a note rests on, with its address where it has one."""

    id: Identifier
    citation: NonEmpty
    url: NonEmpty | None = None


class LevelNote(Strict):
    """A note that comes with the advice for a kind of administration."""

    id: Identifier
    kinds: list[Literal["gemeinde", "stadt", "kreisfreie_stadt", "landkreis", "gemeindeverband"]]
    text: LocalText
    basis: Basis


class LevelsFile(Strict):
    """``levels.yaml``."""

    sources: list[LevelSource]
    member_words: dict[str, LocalText]
    texts: dict[Identifier, LocalText]
    articles: dict[str, NonEmpty]
    notes: list[LevelNote]


@lru_cache(maxsize=1)
def load_levels() -> LevelsFile:
    """The packaged ``levels.yaml``, checked: every note's source is listed."""
    data = validate(LevelsFile, read_yaml(DATA_DIR / FILE, FILE), FILE)
    known = {s.id for s in data.sources}
    for i, note in enumerate(data.notes):
        if note.basis.kind == "source" and note.basis.ref not in known:
            raise DataFileError(
                FILE, f"notes[{i}].basis.ref", f"unbekannte Quelle: '{note.basis.ref}'"
            )
    if "default" not in data.member_words or "kreis" not in data.member_words:
        raise DataFileError(FILE, "member_words", "'default' und 'kreis' fehlen")
    return data


@dataclass(frozen=True, slots=True)
class Member:
    """A member Gemeinde of the advised unit."""

    key: str
    name: str
    population: int


@dataclass(frozen=True, slots=True)
class Level:
    """The unit the advice is for, when it comes from the directory.

    ``chosen`` is what the user named (a Gemeinde, an association, a Kreis); ``key``, ``name`` …
    describe the unit whose administration is advised. ``administered`` is True when the two
    differ (a member Gemeinde advised as its association); ``own_figures`` when the profile gave
    kind and population itself, so that the figures, not the association, are advised.
    """

    chosen_key: str
    chosen_name: str
    key: str
    name: str
    type_code: str
    type_label: str
    kind: Kind
    land_key: str
    population: int
    members: tuple[Member, ...]
    administered: bool
    administering: str | None = None  # the erfüllende Gemeinde's name (type 58)
    own_figures: bool = False

    @property
    def is_verband(self) -> bool:
        """Whether the unit is an association of Gemeinden."""
        return self.kind is Kind.GEMEINDEVERBAND

    def values(self, lang: Lang) -> dict[str, Any]:
        """The words the sentences of ``levels.yaml`` are filled with."""
        data = load_levels()
        words = data.member_words
        if self.kind is Kind.LANDKREIS:
            word = words["kreis"]
        else:
            word = (
                words.get(f"{self.type_code}-{self.land_key}")
                or words.get(self.type_code)
                or words["default"]
            )
        return {
            "name": self.chosen_name,
            "unit": self.name,
            "article": data.articles.get(self.type_code, "die"),
            "count": len(self.members),
            "members": word.get(lang),
            "population": number(self.population, lang, 0),
            "administering": self.administering or self.name,
        }

    def statement(self, lang: Lang) -> str:
        """The sentence that says which administration the advice is for."""
        if self.own_figures:
            key = "own_figures"
        elif self.administered:
            key = "administered_by_gemeinde" if self.administering else "administered_by"
        else:
            key = "kreis_chosen" if self.kind is Kind.LANDKREIS else "verband_chosen"
        return load_levels().texts[key].get(lang).format(**self.values(lang))

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """The level as the result shows it (JSON-ready)."""
        return {
            "chosen": {"key": self.chosen_key, "name": self.chosen_name},
            "key": self.key,
            "name": self.name,
            "type": self.type_label,
            "kind": str(self.kind),
            "population": self.population,
            "administered": self.administered,
            "own_figures": self.own_figures,
            "administering_municipality": self.administering,
            "text": self.statement(lang),
            "members": [
                {"key": m.key, "name": m.name, "population": m.population} for m in self.members
            ],
        }


def _members(items: list[Municipality]) -> tuple[Member, ...]:
    return tuple(Member(m.ags, m.name, m.population) for m in items)


def of_verband(
    directory: Directory, verband: Gemeindeverband, chosen: Municipality | None
) -> Level:
    """The level of an association, chosen directly or through one of its members."""
    members = directory.members(verband)
    administering = None
    if verband.is_erfuellende_gemeinde:
        # The type-58 record carries the administering Gemeinde's name.
        administering = next(
            (m.short_name for m in members if m.name == verband.name), verband.short_name
        )
    if chosen is None:
        return _level(verband, Kind.GEMEINDEVERBAND, members)
    through = (chosen.ags, chosen.short_name)
    return _level(
        verband, Kind.GEMEINDEVERBAND, members, chosen=through, administering=administering
    )


def of_kreis(directory: Directory, kreis: Kreis) -> Level:
    """The level of a Landkreis: its Gemeinden with their population."""
    members = directory.municipalities_in(kreis=kreis.key, include_gemeindefrei=False)
    return _level(kreis, kreis.kind, members)


def _level(
    unit: Kreis | Gemeindeverband,
    kind: Kind,
    members: list[Municipality],
    *,
    chosen: tuple[str, str] | None = None,
    administering: str | None = None,
) -> Level:
    """The level of a Kreis or Verband with its members' population summed; ``chosen`` (key
    and name) is the member Gemeinde the user named, whose administration this unit is."""
    return Level(
        chosen_key=chosen[0] if chosen else unit.key,
        chosen_name=chosen[1] if chosen else unit.display_name,
        key=unit.key,
        name=unit.display_name,
        type_code=unit.type_code,
        type_label=unit.type_label,
        kind=kind,
        land_key=unit.land_key,
        population=sum(m.population for m in members),
        members=_members(members),
        administered=chosen is not None,
        administering=administering,
    )


def level_of(directory: Directory, entity: Municipality | Kreis | Gemeindeverband) -> Level | None:
    """The level the advice for ``entity`` is given at; None for a Gemeinde with its own
    administration and for a kreisfreie Stadt (nothing to say beyond its own figures)."""
    match entity:
        case Municipality():
            verband = directory.administration(entity)
            return of_verband(directory, verband, entity) if verband is not None else None
        case Gemeindeverband():
            return of_verband(directory, entity, None) if entity.administers else None
        case Kreis():
            return of_kreis(directory, entity) if entity.kind is Kind.LANDKREIS else None
    return None  # pragma: no cover - the three cases are all entities


def notes(kind: str, lang: Lang) -> list[dict[str, Any]]:
    """The notes of ``levels.yaml`` for a kind of administration, each with its source."""
    data = load_levels()
    sources = {s.id: s for s in data.sources}
    out = []
    for note in data.notes:
        if kind not in note.kinds:
            continue
        source = sources.get(note.basis.ref)
        out.append(
            {
                "id": note.id,
                "text": note.text.get(lang),
                "basis": note.basis.kind,
                "source": source.citation if source else None,
                "url": source.url if source else None,
            }
        )
    return out


def shared_post_rationale(level: Level, lang: Lang) -> str:
    """Why a post shared among the members is assumed for an association."""
    return load_levels().texts["shared_post_assumed"].get(lang).format(**level.values(lang))
