"""Reading a municipality's profile and completing it.

A profile comes from a YAML/JSON file (CLI), a JSON body (API) or the wizard's form; all three end
in :func:`parse_profile`. Errors name the field as it is spelled in the profile file
(``municipality.population``) and speak the user's language. :func:`complete` then fills the
municipality from the official directory (by AGS or name), fills every other unknown field with
the documented assumption, and records each assumption so the result can say what it assumed.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from klimaorg.advisor.data import AdvisorData, Assumed
from klimaorg.advisor.levels import Level, level_of, shared_post_rationale
from klimaorg.advisor.schema import (
    POST_LEVELS,
    Backing,
    Municipality,
    Post,
    Profile,
    Resources,
    Structures,
)
from klimaorg.directory import AmbiguousNameError, Directory, Entity, Gemeindeverband
from klimaorg.directory import Municipality as Gemeinde
from klimaorg.errors import KlimaOrgError, UserInputError
from klimaorg.i18n import Lang
from klimaorg.knowledge.yamlfile import describe, location
from klimaorg.untrusted import UntrustedInputError, load

MAX_PROFILE_BYTES = 256 * 1024

_TEXT = {
    "de": {
        "unknown_criterion": "unbekanntes Kriterium (bekannt: {known})",
        "kind_population": "Art und Einwohnerzahl der Kommune fehlen: bitte angeben oder einen "
        "Gemeindeschlüssel (AGS) bzw. Namen aus dem importierten Gemeindeverzeichnis nennen",
        "no_directory": "das Gemeindeverzeichnis ist nicht importiert (klimaorg directory import "
        "DATEI); ohne es bitte Art und Einwohnerzahl angeben",
        "unknown_ags": "unbekannter Schlüssel '{ags}': keine Gemeinde, kein Kreis und kein "
        "Gemeindeverband hat ihn",
        "key_format": "kein gültiger Schlüssel: erwartet wird ein Gemeindeschlüssel (AGS, 8 "
        "Ziffern) oder Regionalschlüssel (ARS, 12 Ziffern), ein Kreisschlüssel (5 Ziffern) oder "
        "ein Gemeindeverbandsschlüssel (9 Ziffern)",
        "leading_zero": "Der Gemeindeschlüssel hat 8 Ziffern (der Regionalschlüssel 12, der "
        "Kreisschlüssel 5) – fehlt die führende Null?",
        "unknown_name": "keine Kommune dieses Namens im Gemeindeverzeichnis: '{name}'",
        "ambiguous": "'{name}' ist mehrdeutig: {candidates}; bitte den Gemeindeschlüssel angeben",
        "not_mapping": "ein Profil muss ein Abschnitt mit Schlüsseln sein",
        "all_zero": "mindestens eine Priorität muss größer als 0 sein",
        "weighting_missing": "für die Gewichtung {method} fehlt '{key}'",
    },
    "en": {
        "unknown_criterion": "unknown criterion (known: {known})",
        "kind_population": "the municipality's kind and population are missing: give them, or an "
        "AGS or name from the imported municipality directory",
        "no_directory": "the municipality directory is not imported (klimaorg directory import "
        "FILE); without it, give kind and population",
        "unknown_ags": "unknown key '{ags}': no municipality, district or association of "
        "municipalities has it",
        "key_format": "not a valid key: expected a municipality key (AGS, 8 digits) or regional "
        "key (ARS, 12 digits), a district key (5 digits) or an association key (9 digits)",
        "leading_zero": "The municipality key has 8 digits (the regional key 12, the district "
        "key 5) – is the leading zero missing?",
        "unknown_name": "no municipality of this name in the directory: '{name}'",
        "ambiguous": "'{name}' is ambiguous: {candidates}; please give the municipality key (AGS)",
        "not_mapping": "a profile must be a mapping of keys",
        "all_zero": "at least one priority must be greater than 0",
        "weighting_missing": "weighting method {method} needs '{key}'",
    },
}


class ProfileError(UserInputError):
    """A profile that cannot be used; ``field`` as spelled in the profile file, ``label`` as
    its user knows it ("Einwohnerzahl"): one line names both, the label first."""

    def __init__(self, field: str, message: str, label: str = "") -> None:
        super().__init__(field, message)
        self.label = label if label != field else ""

    def __str__(self) -> str:
        if self.label:
            return f"{self.label} ({self.field}): {self.message}"
        return super().__str__()


def text(lang: Lang, message: str, **values: Any) -> str:
    """A profile message in the user's language."""
    return _TEXT[lang][message].format(**values)


def read_profile_text(content: str | bytes, lang: Lang, *, json_only: bool = False) -> Any:
    """Parse the text of a profile file (YAML or JSON) into plain data.

    Through :mod:`klimaorg.untrusted` (no aliases or tags, at most 256 KB and 32 levels): a
    profile comes from anyone who can reach the wizard or the API.
    """
    try:
        return load(
            content, "json" if json_only else "yaml", max_bytes=MAX_PROFILE_BYTES, lang=lang
        )
    except UntrustedInputError as exc:
        raise ProfileError(exc.field, exc.message) from None


def parse_profile(data: Any, advisor: AdvisorData, lang: Lang = "de") -> Profile:
    """Validate plain data as a profile; the first problem becomes a ProfileError."""
    if not isinstance(data, dict):
        raise ProfileError("", text(lang, "not_mapping"))
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = location(first["loc"])
        label = advisor.field_label(where, lang)
        if where == "municipality.ags" and first["type"] == "string_pattern_mismatch":
            raise ProfileError(where, _key_format(first.get("input"), lang), label) from None
        raise ProfileError(where, describe(first, lang), label) from None
    _check_criteria(profile, advisor, lang)
    return profile


def _key_format(value: object, lang: Lang) -> str:
    """Why a key is not one, in words: a spreadsheet that dropped the leading zero of an AGS
    ("7315000" for 07315000) is by far the most frequent cause."""
    digits = str(value).strip()
    if digits.isdigit() and len(digits) in (4, 7, 8, 11):
        return text(lang, "leading_zero")
    return text(lang, "key_format")


def _check_criteria(profile: Profile, advisor: AdvisorData, lang: Lang) -> None:
    known = advisor.knowledge.criterion_ids
    named: list[tuple[str, str]] = [(f"priorities.{c}", c) for c in profile.priorities or {}]
    if profile.weighting is not None:
        named += [(f"weighting.points.{c}", c) for c in profile.weighting.points or {}]
        named += [
            (f"weighting.criteria[{i}]", c) for i, c in enumerate(profile.weighting.criteria or [])
        ]
    for where, criterion in named:
        if criterion not in known:
            raise ProfileError(
                where,
                text(lang, "unknown_criterion", known=", ".join(known)),
                advisor.field_label(where.split(".", 1)[0], lang),
            )
    if (
        profile.priorities
        and not any(profile.priorities.values())
        and len(profile.priorities) == len(known)
    ):
        raise ProfileError("priorities", text(lang, "all_zero"))


@dataclass(frozen=True)
class CompletedProfile:
    """A profile with every field known: the input as used by the analysis."""

    profile: Profile
    values: dict[str, Any]
    assumptions: tuple[Assumed, ...] = field(default=())
    level: Level | None = None
    """The administration advised when it comes from the directory (an association for its
    member Gemeinde, a Landkreis); None for a Gemeinde with its own administration."""

    def get(self, path: str) -> Any:
        """A value by its dotted field path (``resources.staff_fte``)."""
        return self.values.get(path)


_FIELD_PATHS = tuple(
    (f"{section}.{name}", section, name)
    for section, model in (
        ("municipality", Municipality),
        ("structures", Structures),
        ("resources", Resources),
        ("backing", Backing),
        ("post", Post),
    )
    for name in model.model_fields
)
"""Every dotted field path of the profile's flat sections, in declaration order."""

_PATHS = tuple(path for path, _section, _name in _FIELD_PATHS)
_READ_FIELDS = operator.attrgetter(*_PATHS)
"""Reads every field of :data:`_FIELD_PATHS` from a profile at once (one C call, a third of
the time of a loop: this runs on every request)."""


DirectorySource = Directory | Callable[[], Directory | None] | None
"""The municipality directory, or a function that finds it: called only for a profile that
names its municipality by AGS or name (most give kind and population and never need it)."""


def complete(
    profile: Profile, advisor: AdvisorData, lang: Lang = "de", directory: DirectorySource = None
) -> CompletedProfile:
    """Resolve the municipality and fill unknown fields with the documented assumptions.

    A Gemeinde whose administration an association runs is advised as that association (see
    :mod:`klimaorg.advisor.levels`); its members then count as neighbours sharing the post
    unless the profile says otherwise.
    """
    profile, level = _resolve_municipality(profile, directory, lang)
    values: dict[str, Any] = dict(zip(_PATHS, _READ_FIELDS(profile), strict=True))
    values["goals"] = list(profile.goals) if profile.goals is not None else None
    assumed = []
    if level is not None and level.is_verband and not level.own_figures:
        field_name = "structures.neighbours_to_share_with"
        if values[field_name] is None:
            values[field_name] = True
            label = advisor.field_label(field_name, lang)
            assumed.append(Assumed(field_name, True, shared_post_rationale(level, lang), label))
    population = values.get("municipality.population")
    by_field = advisor.assumption_by_field
    for item in advisor.assumed[lang]:
        if values.get(item.field) is None:
            spec = by_field[item.field]
            if spec.by_size is None:
                values[item.field] = item.value
                assumed.append(item)
                continue
            value = spec.value_for(population)
            values[item.field] = value
            assumed.append(item if value == item.value else replace(item, value=value))
    for path, value in derived(values).items():
        values[path] = value
    return CompletedProfile(profile, values, tuple(assumed), level)


DERIVED_FROM = {
    "post.level_rank": "post.level",
    "resources.budget_per_inhabitant": "resources.own_budget_eur",
}
"""Numbers the rules read that the profile does not ask for directly, and the question each
comes from: the post's level as a rank (1 = Sachbearbeitung … 4 = Amts- or
Stabsstellenleitung) and the own budget per inhabitant (a budget means something only relative
to the size of the municipality)."""


def derived(values: dict[str, Any]) -> dict[str, Any]:
    """The :data:`DERIVED_FROM` fields of a completed profile's values (None where unknown)."""
    level = values.get("post.level")
    budget, population = (
        values.get("resources.own_budget_eur"),
        values.get("municipality.population"),
    )
    return {
        "post.level_rank": POST_LEVELS.index(level) + 1 if level is not None else None,
        "resources.budget_per_inhabitant": (
            budget / population if budget is not None and population else None
        ),
    }


def _needs_directory(profile: Profile) -> bool:
    """Whether the directory must be opened: kind or population unknown, or a Kreis or Verband
    key whose members the result lists. A Gemeinde's key with kind and population given needs
    nothing (given values win, so no association is looked up)."""
    place = profile.municipality
    if place.kind is None or place.population is None:
        return True
    return place.ags is not None and len(place.ags) in (5, 9)


def _resolve_municipality(
    profile: Profile, source: DirectorySource, lang: Lang
) -> tuple[Profile, Level | None]:
    place = profile.municipality
    if not _needs_directory(profile):
        return profile, None
    if place.kind is not None and place.population is not None:
        directory = source() if callable(source) else source
        if directory is None or place.ags is None:
            return profile, None
        entity = _lookup(directory, place.ags, "municipality.ags", lang)
        level = level_of(directory, entity)
        return profile, _given(level, entity) if level is not None else None
    query, where = (
        (place.ags, "municipality.ags") if place.ags else (place.name, "municipality.name")
    )
    if query is None:
        raise ProfileError("municipality.population", text(lang, "kind_population"))
    directory = source() if callable(source) else source
    if directory is None:
        raise ProfileError(where, text(lang, "no_directory"))
    entity = _lookup(directory, query, where, lang)
    level = level_of(directory, entity)
    if level is not None and (place.kind is not None or place.population is not None):
        level = _given(level, entity)
    advised_kind = level.kind if level is not None and not level.own_figures else entity.kind
    advised_population = (
        level.population if level is not None and not level.own_figures else entity.population
    )
    municipality = place.model_copy(
        update={
            "name": place.name or entity.display_name,
            "ags": place.ags or entity.key,
            "kind": place.kind or advised_kind,
            "population": place.population or advised_population,
        }
    )
    return profile.model_copy(update={"municipality": municipality}), level


def _lookup(directory: Directory, query: str, where: str, lang: Lang) -> Entity:
    """The entity a key or name means; every failure a ProfileError naming the field. The
    9-digit pseudo-key of a verbandsfreie Gemeinde (type 50) means that Gemeinde."""
    try:
        entity = directory.resolve(query, field=where)
        if isinstance(entity, Gemeindeverband) and entity.is_verbandsfrei:
            members = directory.members(entity)
            return members[0] if len(members) == 1 else entity
        return entity
    except AmbiguousNameError as exc:
        shown = ", ".join(f"{c.display_name} ({c.key})" for c in exc.candidates[:5])
        raise ProfileError(where, text(lang, "ambiguous", name=query, candidates=shown)) from None
    except KlimaOrgError:
        key = "unknown_ags" if where.endswith(".ags") else "unknown_name"
        raise ProfileError(where, text(lang, key, ags=query, name=query)) from None


def _given(level: Level, entity: Entity) -> Level:
    """A member Gemeinde with kind or population given in the profile: those figures are
    advised, the association is only named (given values win over the directory)."""
    if isinstance(entity, Gemeinde):
        return replace(level, own_figures=True)
    return level
