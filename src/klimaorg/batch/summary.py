"""Counts of the recommended models by population band, for the printed table, the XLSX sheet
and the SVG chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from klimaorg.advisor.data import AdvisorData
from klimaorg.batch.assess import Row, size_class_label
from klimaorg.directory import SIZE_CLASSES
from klimaorg.i18n import Lang, number

SKIPPED = "_skipped"
ERROR = "_error"

_TEXT = {
    "de": {
        "size_class": "Größenklasse",
        "unknown": "unbekannt",
        "skipped": "übersprungen",
        "error": "Fehler",
        "total": "Summe",
        "all": "alle",
    },
    "en": {
        "size_class": "Size class",
        "unknown": "unknown",
        "skipped": "skipped",
        "error": "errors",
        "total": "Total",
        "all": "all",
    },
}


def label(lang: Lang, key: str) -> str:
    """A summary label in the reader's language."""
    return _TEXT[lang][key]


@dataclass(frozen=True)
class SummaryTable:
    """The summary as a table: one row per size class plus a total row."""

    header: list[str]
    model_ids: list[str]
    model_names: list[str]
    rows: list[tuple[str, list[int]]]  # (size class, counts per model, skipped, errors, total)
    total: list[int]


class Summary:
    """Running counts per population band and recommended model (constant memory)."""

    def __init__(self, advisor: AdvisorData, lang: Lang) -> None:
        kb = advisor.knowledge
        self.lang = lang
        self.model_ids = list(kb.model_ids)
        self.model_names = [kb.model(m).short_name.get(lang) for m in self.model_ids]
        self.bands = [size_class_label(band, lang) for band in SIZE_CLASSES]
        self.counts: dict[str, Counter[str]] = {}

    def add(self, row: Row) -> None:
        """Count one output row."""
        band = row.size_class or label(self.lang, "unknown")
        if row.outcome is not None:
            what = row.outcome.recommendation
        else:
            what = ERROR if row.error is not None else SKIPPED
        self.counts.setdefault(band, Counter())[what] += 1

    def total(self, what: str) -> int:
        """How many rows were counted as ``what`` (a model id, SKIPPED or ERROR)."""
        return sum(counter[what] for counter in self.counts.values())

    def table(self) -> SummaryTable:
        """Size classes in order (bands without rows left out), then a total row."""
        unknown = label(self.lang, "unknown")
        keys = [*self.model_ids, SKIPPED, ERROR]
        rows = []
        for band in [*self.bands, unknown]:
            counter = self.counts.get(band)
            if counter:
                values = [counter[k] for k in keys]
                rows.append((band, [*values, sum(values)]))
        total = [sum(values[i] for _, values in rows) for i in range(len(keys) + 1)]
        header = [
            label(self.lang, "size_class"),
            *self.model_names,
            label(self.lang, "skipped"),
            label(self.lang, "error"),
            label(self.lang, "total"),
        ]
        return SummaryTable(header, self.model_ids, self.model_names, rows, total)


_CHART_TEXT = {
    "de": {
        "title": "Empfohlene Organisationsmodelle nach Größenklasse",
        "intro": "{rows} Kommunen, davon {assessed} bewertet, {skipped} übersprungen, "
        "{errors} mit Fehler.",
        "leaders": "Am häufigsten empfohlen: {items}.",
        "band": "{band}: vorn {model} ({count} von {total})",
        "none": "Keine Kommune wurde bewertet.",
    },
    "en": {
        "title": "Recommended organisational models by size class",
        "intro": "{rows} municipalities: {assessed} assessed, {skipped} skipped, "
        "{errors} with errors.",
        "leaders": "Most often recommended: {items}.",
        "band": "{band}: mostly {model} ({count} of {total})",
        "none": "No municipality was assessed.",
    },
}


def chart(table: SummaryTable, lang: Lang) -> str:
    """The summary as an accessible SVG (bars per size class and model, counts as text)."""
    from klimaorg.charts.batch import summary_chart

    text = _CHART_TEXT[lang]
    n = len(table.model_ids)
    rows = [(band, counts[:n]) for band, counts in table.rows if sum(counts[:n])]
    total = table.total
    parts = [
        text["intro"].format(
            rows=number(total[-1], lang),
            assessed=number(sum(total[:n]), lang),
            skipped=number(total[n], lang),
            errors=number(total[n + 1], lang),
        )
    ]
    ranked = sorted((c, name) for c, name in zip(total[:n], table.model_names, strict=True) if c)
    if ranked:
        items = ", ".join(f"{name} ({number(c, lang)})" for c, name in reversed(ranked))
        parts.append(text["leaders"].format(items=items))
        for band, counts in rows:
            best = max(range(n), key=lambda i: counts[i])
            parts.append(
                text["band"].format(
                    band=band,
                    model=table.model_names[best],
                    count=number(counts[best], lang),
                    total=number(sum(counts), lang),
                )
                + "."
            )
    else:
        parts.append(text["none"])
    return summary_chart(
        rows,
        table.model_names,
        lang,
        title=text["title"],
        description=" ".join(parts),
        total_label=label(lang, "total"),
    )
