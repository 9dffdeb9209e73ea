"""The shape of every knowledge file, as strict pydantic models.

Strict on purpose (unknown keys, wrong types and missing translations are errors), so that a typo in
a reviewed YAML file can never silently change what the product says. The loader turns validation
errors into one line naming the file and the field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Lang = Literal["de", "en"]


Kind = Literal["gemeinde", "stadt", "kreisfreie_stadt", "landkreis", "gemeindeverband"]
"""What a municipality is: the kinds the directory, the profile and the practice cases share."""
Goal = Literal[
    "concept",
    "implementation",
    "internal_coordination",
    "own_properties",
    "citizens_business",
    "regional_cooperation",
    "funding_acquisition",
]
"""The goals of a climate post (advisor/data/goals.yaml gives each its criteria)."""


class Strict(BaseModel):
    """Base of all knowledge records: immutable, no extra keys, no type coercion."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class LocalText(Strict):
    """A text written by the project in German and English (not a quotation)."""

    de: NonEmpty
    en: NonEmpty

    def get(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.de if lang == "de" else self.en


class QuotedText(Strict):
    """A text quoted verbatim from a source, with its English translation.

    ``quote`` is the source's German wording, kept letter for letter (typos included) so that it can
    be checked against the source. ``de`` is an optional corrected display text; it must say why in
    ``note``.
    """

    quote: NonEmpty
    de: NonEmpty | None = None
    note: LocalText | None = None
    en: NonEmpty
    source: Identifier

    @model_validator(mode="after")
    def _correction_needs_note(self) -> QuotedText:
        if self.de is not None and self.de != self.quote and self.note is None:
            raise ValueError(
                "a display text 'de' that differs from 'quote' needs a 'note' saying why"
            )
        return self

    def display(self, lang: Lang) -> str:
        """The text shown to a reader of ``lang``."""
        if lang == "en":
            return self.en
        return self.de or self.quote


class Effect(Strict):
    """How one statement bears on one criterion."""

    criterion: Identifier
    direction: Literal["strengthens", "weakens"]
    strength: Annotated[int, Field(ge=1, le=3)]
    rationale: LocalText

    @property
    def sign(self) -> int:
        """+1 for a statement that strengthens the criterion, -1 for one that weakens it."""
        return 1 if self.direction == "strengthens" else -1

    @property
    def value(self) -> int:
        """Signed strength (direction × strength): evidence for a rating, not a summand."""
        return self.sign * self.strength


class Statement(QuotedText):
    """An advantage or disadvantage, quoted from the source, with its criterion effects."""

    id: Identifier
    effects: Annotated[list[Effect], Field(min_length=1)]


ScaleValue = Annotated[float, Field(ge=1, le=5, multiple_of=0.5)]
"""A point of the rating scale: 1 (very weak) to 5 (very strong) in half steps, 3 = average."""


class BasisItem(Strict):
    """One thing a rating rests on: exactly one of a statement of this model (by its id), a cited
    source (with where or what it says), or an expert assumption (labelled as such wherever shown).

    One flat record rather than a union of three shapes, so that a typo gives one clear German
    message instead of three English ones from the union's branches.
    """

    statement: Identifier | None = None
    source: Identifier | None = None
    locator: NonEmpty | None = None
    quote: NonEmpty | None = None
    expert_assumption: LocalText | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> BasisItem:
        kinds = [x is not None for x in (self.statement, self.source, self.expert_assumption)]
        if sum(kinds) != 1:
            raise ValueError("genau eines von statement, source oder expert_assumption angeben")
        if self.source is None and (self.locator is not None or self.quote is not None):
            raise ValueError("locator und quote gehören nur zu einer Quelle (source)")
        if self.source is not None and self.locator is None and self.quote is None:
            raise ValueError("eine Quelle braucht locator (Fundstelle) oder quote (Zitat)")
        return self

    @property
    def kind(self) -> Literal["statement", "source", "expert_assumption"]:
        """Which of the three kinds of evidence this is."""
        if self.statement is not None:
            return "statement"
        return "source" if self.source is not None else "expert_assumption"


class Rating(Strict):
    """One cell of the model × criterion table: a value on the 1-5 scale, the interval in which
    it plausibly lies, what it rests on and why (the loader checks that these agree)."""

    value: ScaleValue
    interval: list[ScaleValue]
    basis: list[BasisItem]
    rationale: LocalText

    @property
    def low(self) -> float:
        """Lower end of the interval."""
        return self.interval[0]

    @property
    def high(self) -> float:
        """Upper end of the interval."""
        return self.interval[-1]


class NounForms(Strict):
    """A model's name as a noun phrase with its article, in the cases the sentences need, and
    the pronoun that refers back to it. Sentences take their grammar from here instead of
    gluing a name into a slot ("Für das Klimaschutzteam spricht", "…, wo sie schwach ist")."""

    nominative: NonEmpty
    accusative: NonEmpty
    dative: NonEmpty
    pronoun: NonEmpty

    def slots(self) -> dict[str, str]:
        """The forms for sentence templates (``{model[acc]}``); capitalised variants for the
        start of a sentence (``{model[Nom]}``)."""
        forms = {
            "nom": self.nominative,
            "acc": self.accusative,
            "dat": self.dative,
            "pron": self.pronoun,
        }
        return {**forms, **{k.capitalize(): v[:1].upper() + v[1:] for k, v in forms.items()}}


class LocalForms(Strict):
    """:class:`NounForms` in German and English."""

    de: NounForms
    en: NounForms

    def get(self, lang: Lang) -> NounForms:
        """The forms in ``lang``."""
        return self.de if lang == "de" else self.en


class ModelFile(Strict):
    """One organisational model (one file in ``models/``)."""

    id: Identifier
    order: Annotated[int, Field(ge=1)]
    name: QuotedText
    short_name: LocalText
    forms: LocalForms
    description: QuotedText
    advantages: Annotated[list[Statement], Field(min_length=1)]
    disadvantages: Annotated[list[Statement], Field(min_length=1)]
    ratings: dict[Identifier, Rating]


class Criterion(Strict):
    """A criterion by which the models are compared (ids are public API)."""

    id: Identifier
    name: LocalText
    definition: LocalText
    derived_from: Annotated[list[NonEmpty], Field(min_length=1)]


class CriteriaFile(Strict):
    """``criteria.yaml``."""

    criteria: Annotated[list[Criterion], Field(min_length=1)]


class Source(Strict):
    """A source the knowledge base cites."""

    id: Identifier
    kind: Literal["publication", "web", "regulation", "data", "expert_assumption"]
    seed: bool
    citation: NonEmpty
    citation_en: NonEmpty | None = None
    """The citation in English where it is the project's own words (a publication keeps its
    original title in both languages)."""
    url: NonEmpty | None = None
    note: LocalText | None = None

    def cite(self, lang: Lang) -> str:
        """The citation as a reader of ``lang`` sees it."""
        return self.citation_en if lang == "en" and self.citation_en else self.citation


class SourcesFile(Strict):
    """``sources.yaml``."""

    sources: Annotated[list[Source], Field(min_length=1)]


class IndexFile(Strict):
    """``index.yaml``: what the folder holds, how the table is rated and the scale's labels."""

    description: LocalText
    files: dict[str, NonEmpty]
    rating_method: LocalText
    rating_scale: dict[Annotated[int, Field(ge=1, le=5)], LocalText]
