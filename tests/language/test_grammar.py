"""Every sentence about a model reads correctly for all six models in both languages: the
article, the case and the pronoun come from the model's forms in the knowledge base, never from
gluing a name into a slot ("Für Klimaschutzteam spricht", "… dort, wo es schwach ist")."""

from __future__ import annotations

import re
import string

import pytest

from klimaorg.advisor import load_advisor_data
from klimaorg.i18n import Lang

ADVISOR = load_advisor_data()
MODELS = ADVISOR.knowledge.model_ids
ARTICLES = {"de": ("der ", "die ", "das ", "dem ", "den "), "en": ("the ",)}


def model_templates(lang: Lang) -> dict[str, str]:
    """The sentence templates that take a model, by key."""
    out = {}
    for key, text in ADVISOR.texts.texts.items():
        template = text.get(lang)
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        if any(re.match(r"(model|runner_up|second)\[", f) for f in fields):
            out[key] = template
    return out


def filled(template: str, model: str, other: str, lang: Lang) -> str:
    forms = ADVISOR.knowledge.model(model).forms.get(lang).slots()
    second = ADVISOR.knowledge.model(other).forms.get(lang).slots()
    values: dict[str, object] = {"model": forms, "runner_up": forms, "second": second}
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    for name in fields:
        values.setdefault(name.split("[")[0], "X")
    return template.format(**values)


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("model", MODELS)
def test_every_model_sentence_has_its_article(model: str, lang: Lang) -> None:
    templates = model_templates(lang)
    assert {"advantage", "disadvantage", "excluded", "runner_up", "complement"} <= set(templates)
    other = next(m for m in MODELS if m != model)
    forms = ADVISOR.knowledge.model(model).forms.get(lang)
    for key, template in templates.items():
        text = filled(template, model, other, lang)
        assert text[0].isupper(), (key, text)
        assert forms.nominative.split(" ", 1)[1] in text, (key, text)
        lowered = text.lower()
        assert any(a + forms.nominative.split(" ", 1)[1].lower() in lowered for a in ARTICLES[lang])


@pytest.mark.parametrize(
    ("key", "model", "other", "expected"),
    [
        ("advantage", "team", "fachamt", "Für das Klimaschutzteam spricht"),
        ("runner_up", "stabsstelle", "fachamt", "An zweiter Stelle folgt die Stabsstelle"),
        ("excluded", "energieagentur", "fachamt", "Die Energieagentur scheidet aus"),
        (
            "complement",
            "stellenteilung",
            "stabsstelle",
            "Die Stabsstelle ergänzt die Stellenteilung dort, wo sie schwächer ist",
        ),
        ("complement", "fachamt", "team", "ergänzt das Fachamt dort, wo es schwächer ist"),
    ],
)
def test_the_sentences_councils_read(key: str, model: str, other: str, expected: str) -> None:
    assert expected in filled(ADVISOR.texts.texts[key].de, model, other, "de")


def test_importance_is_said_not_glued() -> None:
    texts = ADVISOR.texts.texts
    assert all("mittel wichtig" not in texts[f"importance_{v}"].de for v in range(5))
