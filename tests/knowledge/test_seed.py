"""The knowledge base against the real source table: nothing missing, nothing invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from klimaorg.knowledge import DataFileError, load_knowledge
from klimaorg.knowledge.schema import QuotedText
from klimaorg.knowledge.seed import bullets, check_against_seed, normalise, read_seed


def test_seed_has_six_models_14_advantages_12_disadvantages(seed_path: Path) -> None:
    rows = read_seed(seed_path)
    assert len(rows) == 6
    assert sum(len(r.advantages) for r in rows) == 14
    assert sum(len(r.disadvantages) for r in rows) == 12


def test_every_seed_text_is_in_the_knowledge_base_verbatim(seed_path: Path) -> None:
    base = load_knowledge()
    rows = read_seed(seed_path)
    assert check_against_seed(base, rows) == []
    quotes = {normalise(s.statement.quote) for s in base.statements()}
    quotes |= {normalise(m.name.quote) for m in base.models}
    quotes |= {normalise(m.description.quote) for m in base.models}
    for row in rows:
        for text in row.texts():
            assert text in quotes


def test_each_model_matches_its_row_in_order(seed_path: Path) -> None:
    base = load_knowledge()
    for model, row in zip(base.models, read_seed(seed_path), strict=True):
        assert normalise(model.name.quote) == row.name
        assert normalise(model.description.quote) == row.description
        assert tuple(normalise(s.quote) for s in model.advantages) == row.advantages
        assert tuple(normalise(s.quote) for s in model.disadvantages) == row.disadvantages


def test_gender_forms_and_the_typo_are_kept_in_quotations() -> None:
    base = load_knowledge()
    fachamt = base.model("fachamt")
    assert "Umweltsamt" in fachamt.description.quote
    assert fachamt.description.display("de").count("Umweltamt") == 1
    assert fachamt.description.note is not None
    assert "Spezialist*innen" in fachamt.advantages[0].quote
    assert "Vertreter*innen" in base.model("team").description.quote


def test_a_quotation_not_in_the_seed_is_reported(seed_path: Path) -> None:
    base = load_knowledge()
    model = base.model("team")
    changed = model.advantages[0].model_copy(update={"quote": "Klimaschutz ist überall"})
    patched_model = model.model_copy(update={"advantages": [changed, *model.advantages[1:]]})
    patched = type(base)(
        models=tuple(patched_model if m.id == "team" else m for m in base.models),
        criteria=base.criteria,
        sources=base.sources,
    )
    problems = check_against_seed(patched, read_seed(seed_path))
    assert any("models/team.yaml: advantages[0]" in p for p in problems)
    assert any("nicht in der Wissensbasis" in p for p in problems)


def test_quotations_of_other_sources_are_not_checked_against_the_seed(seed_path: Path) -> None:
    base = load_knowledge()
    model = base.model("team")
    other = model.advantages[0].model_copy(
        update={"quote": "Ein Satz aus einer anderen Quelle", "source": "difu2011"}
    )
    patched_model = model.model_copy(update={"advantages": [*model.advantages, other]})
    patched = type(base)(
        models=tuple(patched_model if m.id == "team" else m for m in base.models),
        criteria=base.criteria,
        sources=base.sources,
    )
    assert check_against_seed(patched, read_seed(seed_path)) == []


def test_bullets_parse_the_scraped_html() -> None:
    cell = '<ul style="list-style-type: none"> → Erstens  mit  Abstand → Zweitens &amp; mehr </ul>'
    assert bullets(cell) == ("Erstens mit Abstand", "Zweitens & mehr")


def test_a_malformed_seed_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "seed.tsv"
    bad.write_text(
        "Modellname\tKurzbeschreibung\tVorteile\tNachteile\nNur\tzwei\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match=r"seed.tsv: Zeile 2: 2 statt 4 Spalten"):
        read_seed(bad)


def test_a_seed_with_a_wrong_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "seed.tsv"
    bad.write_text("a\tb\tc\td\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="Kopfzeile"):
        read_seed(bad)


def test_display_text_falls_back_to_the_quote() -> None:
    text = QuotedText(quote="Zitat", en="Quote", source="difu2023")
    assert text.display("de") == "Zitat"
    assert text.display("en") == "Quote"
