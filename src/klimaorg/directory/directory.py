"""The imported municipality directory in memory: lookups, name resolution, autocomplete.

What a later layer needs is "who is this user, what kind, how many inhabitants". Keys (AGS,
ARS, Kreis and Verband keys) answer that exactly; names often do not (20 places contain
"Neustadt", "München" is a city and a Landkreis), so name resolution returns *all*
candidates or raises :class:`AmbiguousNameError` carrying them, never a silent guess.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from klimaorg.directory.parser import parse_file
from klimaorg.directory.records import (
    SIZE_CLASSES,
    Entity,
    Gemeindeverband,
    Kind,
    Kreis,
    Land,
    Municipality,
    Record,
    Regierungsbezirk,
    Region,
    SizeClass,
    size_class,
)
from klimaorg.directory.text import fold
from klimaorg.errors import NotFoundError, UserInputError

#: Kinds a user of the product can be. Gemeindefreie Gebiete are left out unless asked for.
USER_KINDS: frozenset[Kind] = frozenset(Kind) - {Kind.GEMEINDEFREI}

_KEY_LENGTHS = {5: "Kreis", 8: "AGS", 9: "Gemeindeverband", 12: "ARS"}


class AmbiguousNameError(UserInputError):
    """A name that fits several entities; ``candidates`` lists them, most populous first."""

    def __init__(self, field: str, query: str, candidates: Iterable[Entity]) -> None:
        self.query = query
        self.candidates: tuple[Entity, ...] = tuple(candidates)
        shown = ", ".join(f"{c.name} ({c.key})" for c in self.candidates[:5])
        more = f" und {len(self.candidates) - 5} weitere" if len(self.candidates) > 5 else ""
        super().__init__(
            field,
            f"{query!r} ist mehrdeutig, {len(self.candidates)} Treffer: {shown}{more}; "
            "bitte den Gemeindeschlüssel (AGS) angeben",
        )


class NameNotFoundError(NotFoundError):
    """No Gemeinde, Kreis or Gemeindeverband has this name (a :class:`NotFoundError`)."""

    def __init__(self, query: str) -> None:
        super().__init__("Gemeinde", query)
        self.args = (
            f"keine Gemeinde, kein Kreis und kein Gemeindeverband heißt {query!r} "
            "(Schreibweise prüfen oder `klimaorg directory search` nutzen)",
        )


def _key_digits(key: str) -> str:
    return key.replace(" ", "").strip()


class Directory:
    """All records of one GV100AD file with indexes for lookup and search.

    Build it from records (``Directory(parse_file(path))``, :meth:`from_file`) or load the
    cache (:func:`klimaorg.directory.cache.load`). Kreise and Gemeindeverbände get their
    population and area summed from their Gemeinden here.
    """

    def __init__(self, records: Iterable[Record], *, source: str | None = None) -> None:
        self.source = source
        self.reference_date: date | None = None
        lands: list[Land] = []
        bezirke: list[Regierungsbezirk] = []
        regions: list[Region] = []
        kreise: list[Kreis] = []
        verbaende: list[Gemeindeverband] = []
        municipalities: list[Municipality] = []
        for record in records:
            self.reference_date = self.reference_date or record.reference_date
            match record:
                case Municipality():
                    municipalities.append(record)
                case Gemeindeverband():
                    verbaende.append(record)
                case Kreis():
                    kreise.append(record)
                case Region():
                    regions.append(record)
                case Regierungsbezirk():
                    bezirke.append(record)
                case Land():
                    lands.append(record)
        self.lands: tuple[Land, ...] = tuple(lands)
        self.regierungsbezirke: tuple[Regierungsbezirk, ...] = tuple(bezirke)
        self.regions: tuple[Region, ...] = tuple(regions)
        self.municipalities: tuple[Municipality, ...] = tuple(municipalities)
        self.kreise: tuple[Kreis, ...] = tuple(_with_sums(kreise, municipalities, "kreis_key"))
        self.verbaende: tuple[Gemeindeverband, ...] = tuple(
            _with_sums(verbaende, municipalities, "verband_key")
        )
        self._land_by_key = {land.key: land for land in self.lands}
        self._kreis_by_key = {kreis.key: kreis for kreis in self.kreise}
        self._verband_by_key = {verband.key: verband for verband in self.verbaende}
        self._by_ags = {m.ags: m for m in self.municipalities}
        self._by_ars = {m.ars: m for m in self.municipalities}
        self._members: defaultdict[str, list[Municipality]] = defaultdict(list)
        for m in self.municipalities:
            if not m.is_gemeindefrei:
                self._members[m.verband_key].append(m)
        self._build_name_index()

    @classmethod
    def from_file(cls, path: str | Path) -> Directory:
        """Parse a GV100AD file (raises :class:`DirectoryFormatError` on the first bad line)."""
        return cls(parse_file(path), source=str(path))

    # --- counts -------------------------------------------------------------------------

    def record_counts(self) -> dict[str, int]:
        """Records per GV100AD record type ("10" Land … "60" Gemeinde)."""
        return {
            "10": len(self.lands),
            "20": len(self.regierungsbezirke),
            "30": len(self.regions),
            "40": len(self.kreise),
            "50": len(self.verbaende),
            "60": len(self.municipalities),
        }

    def size_class_counts(
        self, *, include_gemeindefrei: bool = True
    ) -> list[tuple[SizeClass, int]]:
        """Gemeinden per population band. Destatis' published figures include gemeindefreie
        Gebiete (population 0, first band), hence the default."""
        counts: Counter[SizeClass] = Counter()
        for m in self.municipalities:
            if include_gemeindefrei or not m.is_gemeindefrei:
                counts[size_class(m.population)] += 1
        return [(band, counts[band]) for band in SIZE_CLASSES]

    # --- exact lookups ------------------------------------------------------------------

    def find(self, key: str) -> Entity | None:
        """The entity with this key, or None: AGS (8 digits), ARS (12), Kreis (5), Verband (9)."""
        digits = _key_digits(key)
        if not digits.isascii() or not digits.isdigit():
            return None
        match len(digits):
            case 8:
                return self._by_ags.get(digits)
            case 12:
                return self._by_ars.get(digits) or self._verband_ars(digits)
            case 5:
                return self._kreis_by_key.get(digits)
            case 9:
                return self._verband_by_key.get(digits)
        return None

    def _verband_ars(self, digits: str) -> Gemeindeverband | None:
        """A Verband written as a 12-digit ARS: its 9-digit key followed by "000" (how
        regional statistics write an association). Only real associations: "000" after a
        verbandsfreie Gemeinde's pseudo-key is that Gemeinde's ARS, found before this."""
        if not digits.endswith("000"):
            return None
        verband = self._verband_by_key.get(digits[:9])
        return verband if verband is not None and not verband.is_verbandsfrei else None

    def administration(self, municipality: Municipality) -> Gemeindeverband | None:
        """The association that runs this Gemeinde's administration (Amt, Samtgemeinde,
        Verbandsgemeinde, Verwaltungsverband, Verwaltungsgemeinschaft, erfüllende Gemeinde),
        or None for a Gemeinde with an administration of its own (verbandsfrei)."""
        verband = self._verband_by_key.get(municipality.verband_key)
        return verband if verband is not None and verband.administers else None

    def members(self, verband: Gemeindeverband) -> list[Municipality]:
        """The Gemeinden of an association, in file order (gemeindefreie Gebiete left out)."""
        return list(self._members.get(verband.key, ()))

    def get(self, key: str, *, field: str = "ags") -> Entity:
        """Like :meth:`find`, but a malformed key is a :class:`UserInputError` and an unknown
        one a :class:`NotFoundError`."""
        digits = _key_digits(key)
        if not (digits.isascii() and digits.isdigit() and len(digits) in _KEY_LENGTHS):
            raise UserInputError(
                field,
                f"{key!r} ist kein Schlüssel: erwartet AGS (8 Ziffern), ARS (12), "
                "Kreisschlüssel (5) oder Gemeindeverbandsschlüssel (9)",
            )
        entity = self.find(digits)
        if entity is None:
            raise NotFoundError(_KEY_LENGTHS[len(digits)], digits)
        return entity

    def municipality(self, ags_or_ars: str) -> Municipality:
        """The Gemeinde with this AGS (8 digits) or ARS (12 digits)."""
        digits = _key_digits(ags_or_ars)
        if len(digits) not in (8, 12):
            raise UserInputError("ags", f"{ags_or_ars!r}: AGS hat 8 Ziffern, ARS 12")
        entity = self.get(digits)
        assert isinstance(entity, Municipality)  # 8 and 12 digits only ever index Gemeinden
        return entity

    def land(self, key: str) -> Land:
        """The Land with this 2-digit key."""
        try:
            return self._land_by_key[key]
        except KeyError:
            raise NotFoundError("Land", key, sorted(self._land_by_key)) from None

    def kreis(self, key: str) -> Kreis:
        """The Kreis with this 5-digit key, with population summed from its Gemeinden."""
        try:
            return self._kreis_by_key[key]
        except KeyError:
            raise NotFoundError("Kreis", key) from None

    def verband(self, key: str) -> Gemeindeverband:
        """The Gemeindeverband with this 9-digit key (Kreis + 4 digits)."""
        try:
            return self._verband_by_key[key]
        except KeyError:
            raise NotFoundError("Gemeindeverband", key) from None

    # --- listings -----------------------------------------------------------------------

    def municipalities_in(
        self,
        *,
        land: str | None = None,
        kreis: str | None = None,
        verband: str | None = None,
        include_gemeindefrei: bool = True,
    ) -> list[Municipality]:
        """Gemeinden of a Land (``"08"``), Kreis (``"08316"``) and/or Verband, in file order.

        An unknown key raises :class:`NotFoundError` rather than returning an empty list, so
        a typo is not mistaken for an empty Kreis.
        """
        if land is not None:
            self.land(land)
        if kreis is not None:
            self.kreis(kreis)
        if verband is not None:
            self.verband(verband)
        return [
            m
            for m in self.municipalities
            if (land is None or m.land_key == land)
            and (kreis is None or m.kreis_key == kreis)
            and (verband is None or m.verband_key == verband)
            and (include_gemeindefrei or not m.is_gemeindefrei)
        ]

    def kreise_in(self, land: str | None = None) -> list[Kreis]:
        """Kreise (kreisfreie Städte included), optionally of one Land."""
        if land is not None:
            self.land(land)
        return [k for k in self.kreise if land is None or k.land_key == land]

    # --- names --------------------------------------------------------------------------

    def _build_name_index(self) -> None:
        """Fold every user-facing entity's name once; search scans one joined string."""
        entities: list[Entity] = [*self.municipalities]
        # A kreisfreie Stadt is already there as a Gemeinde; a verbandsfreie Gemeinde's
        # pseudo-Verband duplicates the Gemeinde. Neither is listed twice.
        entities += [k for k in self.kreise if k.kind is Kind.LANDKREIS]
        entities += [v for v in self.verbaende if not v.is_verbandsfrei]
        self._entities = entities
        self._folded_short = []
        self._folded = []
        for entity in entities:
            # fold(name) == fold(short) + " " + fold(suffix): punctuation becomes a space and
            # digraphs never span one, so each part is folded once.
            short, _, suffix = entity.name.partition(",")
            folded_short, folded_suffix = fold(short), fold(suffix)
            self._folded_short.append(folded_short)
            self._folded.append(
                f"{folded_short} {folded_suffix}" if folded_suffix else folded_short
            )
        self._exact: defaultdict[str, list[int]] = defaultdict(list)
        for index, (full, short) in enumerate(zip(self._folded, self._folded_short, strict=True)):
            self._exact[full].append(index)
            if short != full:
                self._exact[short].append(index)
        # Every name is preceded by "\n", so "\n" + query finds name prefixes.
        self._haystack = "\n" + "\n".join(self._folded)
        self._starts: list[int] = []
        position = 1
        for name in self._folded:
            self._starts.append(position)
            position += len(name) + 1

    def by_name(self, name: str, *, kinds: Collection[Kind] = USER_KINDS) -> list[Entity]:
        """Entities whose official or short name equals ``name`` (case- and umlaut-tolerant).

        Several hits are normal ("Berg", "München"): all are returned, most populous first.
        """
        hits = [self._entities[i] for i in dict.fromkeys(self._exact.get(fold(name), []))]
        return _by_population([e for e in hits if e.kind in kinds])

    def candidates(self, query: str, *, kinds: Collection[Kind] = USER_KINDS) -> list[Entity]:
        """Everything ``query`` could mean: a key's entity, else exact name matches, else
        names that start with it or have a word starting with it (most populous first)."""
        if _key_digits(query).isdigit():
            entity = self.find(query)
            return [entity] if entity is not None and entity.kind in kinds else []
        exact = self.by_name(query, kinds=kinds)
        if exact:
            return exact
        near = [item for item in self._ranked(query, kinds) if item[0] <= _WORD_PREFIX]
        return [entity for _, entity in sorted(near, key=_relevance)]

    def resolve(
        self, query: str, *, kinds: Collection[Kind] = USER_KINDS, field: str = "municipality"
    ) -> Entity:
        """The one entity ``query`` (key or name) means.

        Raises :class:`AmbiguousNameError` (with ``candidates``) when several fit,
        :class:`NameNotFoundError`/:class:`NotFoundError` when none does.
        """
        if _key_digits(query).isdigit():
            entity = self.get(query, field=field)
            if entity.kind not in kinds:
                raise UserInputError(
                    field,
                    f"{entity.key} ist {entity.name} ({entity.type_label}): hier nicht zulässig",
                )
            return entity
        found = self.candidates(query, kinds=kinds)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(field, query, found)
        raise NameNotFoundError(query)

    def search(
        self, text: str, limit: int = 10, *, kinds: Collection[Kind] = USER_KINDS
    ) -> list[Entity]:
        """Autocomplete: names containing ``text``, best first.

        Relevance: exact name, then name prefix, then word prefix, then anywhere; ties go to
        the larger population. A single letter only matches word starts. Digits match key
        prefixes (``"08316"`` → that Kreis and its Verbände and Gemeinden).
        """
        if limit <= 0:
            return []
        ranked = self._ranked(text, kinds)
        best = heapq.nsmallest(limit, ranked, key=_relevance)
        return [entity for _, entity in best]

    def _ranked(self, text: str, kinds: Collection[Kind]) -> Iterator[tuple[int, Entity]]:
        query = fold(text)
        if not query:
            return
        if query.isdigit():
            for entity in self._entities:
                if entity.key.startswith(query) and entity.kind in kinds:
                    yield (_EXACT if entity.key == query else _PREFIX), entity
            return
        # A single letter occurs in nearly every name: only word starts are worth listing.
        needles = [query] if len(query) > 1 else [f"\n{query}", f" {query}"]
        seen: set[int] = set()
        for needle in needles:
            skip = len(needle) - len(query)
            position = self._haystack.find(needle)
            while position != -1:
                index = bisect_right(self._starts, position + skip) - 1
                if index not in seen:
                    seen.add(index)
                    entity = self._entities[index]
                    if entity.kind in kinds:
                        yield self._rank(index, query, position + skip), entity
                position = self._haystack.find(needle, position + 1)

    def _rank(self, index: int, query: str, position: int) -> int:
        if query in (self._folded[index], self._folded_short[index]):
            return _EXACT
        offset = position - self._starts[index]
        if offset == 0:
            return _PREFIX
        if f" {query}" in f" {self._folded[index]}":
            return _WORD_PREFIX
        return _ANYWHERE


_EXACT, _PREFIX, _WORD_PREFIX, _ANYWHERE = range(4)

_Parent = TypeVar("_Parent", Kreis, Gemeindeverband)


def _relevance(item: tuple[int, Entity]) -> tuple[int, int, str, str]:
    """Sort key: rank, then larger population, then name and key for a stable order."""
    rank, entity = item
    return rank, -(entity.population or 0), entity.name, entity.key


def _by_population(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=lambda e: (-(e.population or 0), e.name, e.key))


def _with_sums(
    parents: list[_Parent], municipalities: list[Municipality], attribute: str
) -> Iterator[_Parent]:
    """Parents with population and area summed over their Gemeinden."""
    population: Counter[str] = Counter()
    area: Counter[str] = Counter()
    for m in municipalities:
        key = getattr(m, attribute)
        population[key] += m.population
        area[key] += m.area_ha
    for parent in parents:
        yield replace(parent, population=population[parent.key], area_ha=area[parent.key])
