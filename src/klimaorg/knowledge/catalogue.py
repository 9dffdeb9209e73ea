"""Read views of the knowledge base in one language, as plain JSON-ready data.

The CLI, the web pages and the JSON API all render these dicts; none of them builds its own, so
they can never disagree. The dict shapes are the stable machine interface (``--format json``,
``/api/v1/...``): every statement with its displayed text, the verbatim German ``quote``, its
source and its criterion effects.
"""

from __future__ import annotations

from klimaorg.i18n import Lang
from klimaorg.jsondata import Data
from klimaorg.knowledge.base import KnowledgeBase, StatementRef
from klimaorg.knowledge.profile import contributions, criteria_profile
from klimaorg.knowledge.schema import BasisItem, Criterion, ModelFile, QuotedText, Rating


def source_data(base: KnowledgeBase, source_id: str, locator: str | None = None) -> Data:
    """A source as cited beside a statement."""
    source = base.source(source_id)
    data: Data = {
        "id": source.id,
        "kind": source.kind,
        "citation": source.citation,
        "url": source.url,
    }
    if locator:
        data["locator"] = locator
    return data


def text_data(base: KnowledgeBase, text: QuotedText, lang: Lang, locator: str) -> Data:
    """A quoted text: what the reader sees, the verbatim quotation and its source."""
    data: Data = {
        "text": text.display(lang),
        "quote": text.quote,
        "source": source_data(base, text.source, locator),
    }
    if text.note is not None:
        data["note"] = text.note.get(lang)
    return data


def statement_data(base: KnowledgeBase, item: StatementRef, lang: Lang) -> Data:
    """An advantage or disadvantage with its effects on the criteria."""
    data = text_data(base, item.statement, lang, item.locator)
    effects = [
        {
            "criterion": effect.criterion,
            "criterion_name": base.criterion(effect.criterion).name.get(lang),
            "direction": effect.direction,
            "strength": effect.strength,
            "value": effect.value,
            "rationale": effect.rationale.get(lang),
        }
        for effect in item.statement.effects
    ]
    return {"id": item.ref, "kind": item.kind, **data, "effects": effects}


def model_summary(base: KnowledgeBase, model: ModelFile, lang: Lang) -> Data:
    """A model as listed in the overview."""
    locator = f"Tabelle, Modell „{model.name.quote}“"
    return {
        "id": model.id,
        "name": text_data(base, model.name, lang, f"{locator}, Spalte Modellname"),
        "short_name": model.short_name.get(lang),
        "description": text_data(
            base, model.description, lang, f"{locator}, Spalte Kurzbeschreibung"
        ),
        "advantage_count": len(model.advantages),
        "disadvantage_count": len(model.disadvantages),
    }


def basis_data(base: KnowledgeBase, model: ModelFile, item: BasisItem, lang: Lang) -> Data:
    """One item a rating rests on, ready to show: its kind and a text (statement, citation or
    assumption), so no interface has to know the three shapes."""
    if item.statement is not None:
        ref = base.statement(f"{model.id}.{item.statement}")
        return {
            "kind": "statement",
            "id": ref.ref,
            "text": ref.statement.display(lang),
            "quote": ref.statement.quote,
            "statement_kind": ref.kind,
        }
    if item.source is not None:
        return {
            "kind": "source",
            "id": item.source,
            "text": item.quote or item.locator,
            "source": source_data(base, item.source, item.locator),
            "quote": item.quote,
        }
    assert item.expert_assumption is not None  # the schema allows exactly one kind
    return {"kind": "expert_assumption", "text": item.expert_assumption.get(lang)}


def rating_data(base: KnowledgeBase, model: ModelFile, criterion: Criterion, lang: Lang) -> Data:
    """One cell of the rated table: value, interval, basis and rationale."""
    rating: Rating = model.ratings[criterion.id]
    return {
        "criterion": criterion.id,
        "criterion_name": criterion.name.get(lang),
        "value": float(rating.value),
        "low": float(rating.low),
        "high": float(rating.high),
        "label": scale_label(base, rating.value, lang),
        "basis": [basis_data(base, model, item, lang) for item in rating.basis],
        "rationale": rating.rationale.get(lang),
        "from": [c.statement.ref for c in contributions(base, model.id, criterion.id)],
    }


def scale_label(base: KnowledgeBase, value: float, lang: Lang) -> str:
    """The scale's word for a value; a half step lies between two labels ("zwischen schwach und
    durchschnittlich"), so it is named by both rather than rounded to one."""
    labels = {k: v.get(lang, "") for k, v in base.rating_scale.items()}
    if float(value).is_integer():
        return labels.get(int(value), "")
    lower, upper = labels.get(int(value), ""), labels.get(int(value) + 1, "")
    return f"zwischen {lower} und {upper}" if lang == "de" else f"between {lower} and {upper}"


def model_data(base: KnowledgeBase, model: ModelFile, lang: Lang) -> Data:
    """A model with every statement and its rated criteria profile."""
    statements = [statement_data(base, item, lang) for item in base.statements(model.id)]
    return {
        **model_summary(base, model, lang),
        "advantages": [s for s in statements if s["kind"] == "advantage"],
        "disadvantages": [s for s in statements if s["kind"] == "disadvantage"],
        "profile": [rating_data(base, model, criterion, lang) for criterion in base.criteria],
    }


def criterion_data(base: KnowledgeBase, criterion: Criterion, lang: Lang) -> Data:
    """A criterion with the statements that bear on it and each model's rated value."""
    profile = criteria_profile(base)
    derived = []
    for ref in criterion.derived_from:
        item = base.statement(ref)
        derived.append(
            {
                "id": ref,
                "model": item.model.id,
                "kind": item.kind,
                "text": item.statement.display(lang),
            }
        )
    return {
        "id": criterion.id,
        "name": criterion.name.get(lang),
        "definition": criterion.definition.get(lang),
        "derived_from": derived,
        "profile": {model_id: profile[model_id][criterion.id] for model_id in base.model_ids},
    }


def list_models(base: KnowledgeBase, lang: Lang) -> Data:
    """All models, in the source's order."""
    return {"lang": lang, "models": [model_summary(base, m, lang) for m in base.models]}


def show_model(base: KnowledgeBase, model_id: str, lang: Lang) -> Data:
    """One model in full; unknown ids raise NotFoundError."""
    return {"lang": lang, "model": model_data(base, base.model(model_id), lang)}


def compare_models(base: KnowledgeBase, model_ids: list[str], lang: Lang) -> Data:
    """Chosen models side by side (all when none are chosen), with their criteria profiles."""
    chosen = list(dict.fromkeys(model_ids)) or base.model_ids
    models = [model_data(base, base.model(m), lang) for m in chosen]
    return {
        "lang": lang,
        "models": models,
        "criteria": [
            {"id": c.id, "name": c.name.get(lang), "definition": c.definition.get(lang)}
            for c in base.criteria
        ],
        "method": base.rating_method.get(lang, ""),
        "scale": scale_data(base, lang),
    }


def scale_data(base: KnowledgeBase, lang: Lang) -> list[Data]:
    """The labels of the rating scale, 1 to 5."""
    return [{"value": k, "label": v.get(lang, "")} for k, v in base.rating_scale.items()]


def list_criteria(base: KnowledgeBase, lang: Lang) -> Data:
    """All criteria with their derivation."""
    return {
        "lang": lang,
        "criteria": [criterion_data(base, c, lang) for c in base.criteria],
        "method": base.rating_method.get(lang, ""),
        "scale": scale_data(base, lang),
    }


def list_sources(base: KnowledgeBase, lang: Lang) -> Data:
    """All sources with their citation and, where given, a note."""
    return {
        "lang": lang,
        "sources": [
            {
                **source_data(base, s.id),
                "seed": s.seed,
                "note": s.note.get(lang) if s.note else None,
            }
            for s in base.sources
        ],
    }
