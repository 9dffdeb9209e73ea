"""Typed records of the official municipality directory (GV100AD) and the product's kinds.

The file knows six record types; the product only reasons about a handful of *kinds* of
possible users (a Gemeinde, a Stadt, a kreisfreie Stadt, a Landkreis, a Gemeindeverband).
Every record keeps the official type code and its German label next to the mapped kind, so
nothing the official data says is lost in the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """What sort of possible user a record is (the product's vocabulary, not Destatis')."""

    GEMEINDE = "gemeinde"
    STADT = "stadt"
    KREISFREIE_STADT = "kreisfreie_stadt"
    LANDKREIS = "landkreis"
    GEMEINDEVERBAND = "gemeindeverband"
    #: A gemeindefreies Gebiet (forest, lake, coastal waters): nobody's administration, so
    #: callers usually exclude it. Kept because the official counts include it.
    GEMEINDEFREI = "gemeindefrei"


#: Kreis type codes (record type 40) → (German label, kind).
KREIS_TYPES: dict[str, tuple[str, Kind]] = {
    "41": ("Kreisfreie Stadt", Kind.KREISFREIE_STADT),
    "42": ("Stadtkreis", Kind.KREISFREIE_STADT),
    "43": ("Kreis", Kind.LANDKREIS),
    "44": ("Landkreis", Kind.LANDKREIS),
    "45": ("Regionalverband", Kind.LANDKREIS),
}

#: Gemeindeverband type codes (record type 50) → German label. Code 50 is a pseudo-Verband
#: the file writes for every Gemeinde that belongs to no real Verband.
VERBAND_TYPES: dict[str, str] = {
    "50": "Verbandsfreie Gemeinde",
    "51": "Amt",
    "52": "Samtgemeinde",
    "53": "Verbandsgemeinde",
    "54": "Verwaltungsgemeinschaft",
    "55": "Kirchspielslandgemeinde",
    "56": "Verwaltungsverband",
    "57": "Verwaltungsgemeinschaft (Trägermodell)",
    "58": "Erfüllende Gemeinde",
}

#: Gemeinde type codes (record type 60) → (German label, kind).
GEMEINDE_TYPES: dict[str, tuple[str, Kind]] = {
    "60": ("Markt", Kind.GEMEINDE),
    "61": ("Kreisfreie Stadt", Kind.KREISFREIE_STADT),
    "62": ("Stadtkreis", Kind.KREISFREIE_STADT),
    "63": ("Stadt", Kind.STADT),
    "64": ("Kreisangehörige Gemeinde", Kind.GEMEINDE),
    "65": ("Gemeindefreies Gebiet, bewohnt", Kind.GEMEINDEFREI),
    "66": ("Gemeindefreies Gebiet, unbewohnt", Kind.GEMEINDEFREI),
    "67": ("Große Kreisstadt", Kind.STADT),
}


#: Verband type codes of real associations that run the administration of their members:
#: 51–57, and 58 where one member Gemeinde (the "erfüllende Gemeinde") runs it for the others.
#: Code 50 (verbandsfrei) is no association.
ADMINISTERING_VERBAND_TYPES: frozenset[str] = frozenset(
    {"51", "52", "53", "54", "55", "56", "57", "58"}
)

#: First words of official names that already say what the entity is ("VVG der Stadt …",
#: "GVV Denzlingen-…", "Region Hannover"): such names are shown as they are.
_TYPED_NAME_STARTS = (
    "Amt",
    "GVV",
    "VVG",
    "VG",
    "Region",
    "Regionalverband",
    "Samtgemeinde",
    "Verbandsgemeinde",
    "Verwaltungsgemeinschaft",
    "Verwaltungsverband",
    "Landkreis",
    "Kreis",
)


def display_name(name: str, type_label: str) -> str:
    """How a Kreis or Verband is named to users: "Verbandsgemeinde Rhein-Selz",
    "Landkreis Ebersberg", "Amt Hüttener Berge" - the file's names lack the type, and "Rhein-Selz"
    alone does not say it is an association. Names that already say it are kept."""
    short = short_name(name)
    if short.split(" ", 1)[0] in _TYPED_NAME_STARTS:
        return short
    label = type_label.split(" (", 1)[0]  # "Verwaltungsgemeinschaft (Trägermodell)"
    return f"{label} {short}"


def short_name(name: str) -> str:
    """The name without the official suffix (``"München, Landeshauptstadt"`` → ``"München"``).

    Users type the short form; the suffix (``Stadt``, ``St``, ``M``, ``GKSt`` …) is a title.
    """
    return name.split(",", 1)[0].strip()


@dataclass(frozen=True, slots=True)
class Land:
    """A Land (record type 10)."""

    key: str  # 2 digits
    name: str
    seat: str
    reference_date: date


@dataclass(frozen=True, slots=True)
class Regierungsbezirk:
    """A Regierungsbezirk or statistical region (record type 20); some exist only on paper."""

    key: str  # 3 digits: Land + RB
    name: str
    seat: str
    reference_date: date


@dataclass(frozen=True, slots=True)
class Region:
    """A planning region of Baden-Württemberg (record type 30)."""

    key: str  # 4 digits: Land + RB + Region
    name: str
    seat: str
    reference_date: date


@dataclass(frozen=True, slots=True)
class Kreis:
    """A Kreis (record type 40): a Landkreis is a possible user, a kreisfreie Stadt is one too.

    ``population`` and ``area_ha`` are not in the Kreis record; they are the sums over the
    Kreis' Gemeinden, filled in by :class:`klimaorg.directory.Directory` (``None`` straight
    from the parser).
    """

    key: str  # 5 digits: Land + RB + Kreis
    name: str
    seat: str
    type_code: str
    type_label: str
    kind: Kind
    land_key: str
    land_name: str
    reference_date: date
    population: int | None = None
    area_ha: int | None = None

    @property
    def short_name(self) -> str:
        """Name without the official suffix."""
        return short_name(self.name)

    @property
    def display_name(self) -> str:
        """Name with the type in front: "Landkreis Ebersberg" (a kreisfreie Stadt keeps its
        name: it is listed as a Gemeinde too)."""
        if self.kind is Kind.KREISFREIE_STADT:
            return self.name
        return display_name(self.name, self.type_label)


@dataclass(frozen=True, slots=True)
class Gemeindeverband:
    """A Gemeindeverband (record type 50): Amt, Verbandsgemeinde, Verwaltungsgemeinschaft …

    ``key`` is the 9-digit Regionalschlüssel prefix (Kreis + Verband). Type code 50
    (verbandsfreie Gemeinde) is no real association: see :attr:`is_verbandsfrei`.
    ``population`` and ``area_ha`` are sums over its Gemeinden, filled in by the Directory.
    """

    key: str  # 9 digits
    name: str
    seat: str
    type_code: str
    type_label: str
    land_key: str
    land_name: str
    kreis_key: str
    kreis_name: str | None  # None only for the pseudo-Verbände outside any Kreis
    reference_date: date
    population: int | None = None
    area_ha: int | None = None

    @property
    def kind(self) -> Kind:
        """Always :attr:`Kind.GEMEINDEVERBAND`; a property so all entities share the field."""
        return Kind.GEMEINDEVERBAND

    @property
    def is_verbandsfrei(self) -> bool:
        """True for the pseudo-Verband of a Gemeinde that belongs to no association."""
        return self.type_code == "50"

    @property
    def administers(self) -> bool:
        """True when this association runs the administration of its member Gemeinden."""
        return self.type_code in ADMINISTERING_VERBAND_TYPES

    @property
    def is_erfuellende_gemeinde(self) -> bool:
        """True for type 58: one member Gemeinde runs the administration for the others; the
        record carries that Gemeinde's name."""
        return self.type_code == "58"

    @property
    def short_name(self) -> str:
        """Name without the official suffix."""
        return short_name(self.name)

    @property
    def display_name(self) -> str:
        """Name with the type in front: "Verbandsgemeinde Rhein-Selz", "Amt Hüttener Berge"."""
        return display_name(self.name, self.type_label)


@dataclass(frozen=True, slots=True)
class Municipality:
    """A Gemeinde (record type 60), including gemeindefreie Gebiete (kind ``gemeindefrei``)."""

    ags: str  # 8 digits: Land + RB + Kreis + Gemeinde
    ars: str  # 12 digits: Land + RB + Kreis + Gemeindeverband + Gemeinde
    name: str
    type_code: str
    type_label: str
    kind: Kind
    area_ha: int
    population: int
    population_male: int
    postcode: str | None
    land_key: str
    land_name: str
    kreis_key: str
    kreis_name: str | None  # None only for the two gemeindefreie Gebiete outside any Kreis
    verband_key: str  # 9 digits
    verband_name: str
    verband_type_code: str
    verband_type_label: str
    reference_date: date

    @property
    def key(self) -> str:
        """The AGS; a common name with :attr:`Kreis.key` and :attr:`Gemeindeverband.key`."""
        return self.ags

    @property
    def short_name(self) -> str:
        """Name without the official suffix."""
        return short_name(self.name)

    @property
    def display_name(self) -> str:
        """The official name (a Gemeinde's name already says "Stadt", "Markt" …)."""
        return self.name

    @property
    def is_gemeindefrei(self) -> bool:
        """True for a gemeindefreies Gebiet, which no administration would use the tool for."""
        return self.kind is Kind.GEMEINDEFREI


#: Anything a user can be: what name lookups and the autocomplete return.
Entity = Municipality | Kreis | Gemeindeverband

#: Any record the parser yields.
Record = Land | Regierungsbezirk | Region | Kreis | Gemeindeverband | Municipality

#: Every record type under the name :class:`~klimaorg.directory.Directory` keeps its records
#: by, parents first (the file's order): the cache writes and reads its tables by this one map.
TABLES: dict[str, type[Record]] = {
    "lands": Land,
    "regierungsbezirke": Regierungsbezirk,
    "regions": Region,
    "kreise": Kreis,
    "verbaende": Gemeindeverband,
    "municipalities": Municipality,
}


@dataclass(frozen=True, slots=True)
class SizeClass:
    """A population band as Destatis counts them: ``lower <= population < upper``."""

    lower: int
    upper: int | None
    label: str

    def contains(self, population: int) -> bool:
        """Whether a population falls in this band (lower bound inclusive)."""
        return population >= self.lower and (self.upper is None or population < self.upper)


#: The bands of domain.md "Numbers about the field". Counted over *all* type-60 records,
#: gemeindefreie Gebiete included (their population is 0, so they land in the first band):
#: that is the definition that reproduces the official 10,981 / 3,979 / 4,012 … figures.
SIZE_CLASSES: tuple[SizeClass, ...] = (
    SizeClass(0, 1_000, "unter 1.000"),
    SizeClass(1_000, 5_000, "1.000 bis unter 5.000"),
    SizeClass(5_000, 10_000, "5.000 bis unter 10.000"),
    SizeClass(10_000, 20_000, "10.000 bis unter 20.000"),
    SizeClass(20_000, 50_000, "20.000 bis unter 50.000"),
    SizeClass(50_000, 100_000, "50.000 bis unter 100.000"),
    SizeClass(100_000, None, "100.000 und mehr"),
)


def size_class(population: int) -> SizeClass:
    """The band a population belongs to."""
    for band in SIZE_CLASSES:
        if band.contains(population):
            return band
    raise ValueError(f"negative population: {population}")
