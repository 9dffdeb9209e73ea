"""Long German words in headings carry soft hyphens at syllables, so a phone breaks them
where a reader expects ("Verwaltungsübergrei-fendes"), and short words stay untouched."""

from __future__ import annotations

from klimaorg.i18n import hyphenate


def test_long_words_get_soft_hyphens_at_syllables() -> None:
    text = hyphenate("Verwaltungsübergreifendes Klimaschutzteam mit zentraler Ansprechperson", "de")
    assert text.replace("\u00ad", "") == (
        "Verwaltungsübergreifendes Klimaschutzteam mit zentraler Ansprechperson"
    )
    assert "Ver\u00adwal\u00adtungs\u00adüber\u00adgrei\u00adfen\u00addes" in text
    assert " mit zentraler " in text  # short words as they are


def test_short_text_is_unchanged() -> None:
    assert hyphenate("Stabsstelle", "de") == "Stabsstelle"
    assert hyphenate("Own office", "en") == "Own office"
