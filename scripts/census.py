"""Census of Germany: what the advisor recommends for every municipality of the official directory.

    python scripts/census.py            # writes docs/de/zensus.md, docs/en/census.md + charts
    python scripts/census.py --check    # exit 1 when the committed pages are not current

Two views of the same directory (GV100AD, ``../shared/data/GV100AD_301123.txt`` beside the
project):

* **per municipality**, exactly the rows of ``klimaorg batch --from-directory``: each of the
  10,981 Gemeinden with its baseline profile (kind and population from the directory, everything
  else unknown and completed with the documented assumptions), counted by Destatis size class,
  drawn with the batch's own summary chart;
* **per administration advised**: a Gemeinde whose administration an Amt, Samtgemeinde,
  Verbandsgemeinde, Verwaltungsverband or Verwaltungsgemeinschaft runs is advised at that level
  (``klimaorg.advisor.levels``), so each such association is counted once, beside the Gemeinden
  with an administration of their own, the kreisfreie Städte and the Landkreise.

The pages also put the documented practice cases (``tests/advisor/practice``) beside the census:
what the census says for each case's own unit, with nothing but the directory's figures, against
what the municipality chose. The plausibility paragraph is written by hand for one distribution
(:data:`ASSESSED_LEADERS`); when the rules move the distribution, the pages say that the
paragraph must be reviewed, and this command prints the same warning.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from klimaorg.advisor import load_advisor_data
from klimaorg.advisor.analysis import DEFAULT_SAMPLES, DEFAULT_SEED
from klimaorg.advisor.data import AdvisorData
from klimaorg.batch import Assessor, DirectorySource, InputRow, Row
from klimaorg.batch.assess import size_class_label
from klimaorg.batch.summary import ERROR, SKIPPED, Summary, chart
from klimaorg.charts.batch import summary_chart
from klimaorg.directory import (
    SIZE_CLASSES,
    VERBAND_TYPES,
    Directory,
    Gemeindeverband,
    Kind,
    Municipality,
    size_class,
)
from klimaorg.i18n import Lang, day, number, percent

ROOT = Path(__file__).resolve().parents[1]
REAL_FILE = ROOT.parent / "shared" / "data" / "GV100AD_301123.txt"
PRACTICE = ROOT / "tests" / "advisor" / "practice"
COMMAND = "python scripts/census.py"

#: Output files relative to the project root, per language: page, size-class chart, level chart.
FILES: dict[Lang, tuple[str, str, str]] = {
    "de": ("docs/de/zensus.md", "docs/de/zensus.svg", "docs/de/zensus-ebenen.svg"),
    "en": ("docs/en/census.md", "docs/en/census.svg", "docs/en/census-levels.svg"),
}

#: The leading model per size class (per municipality) and per kind of administration that the
#: plausibility paragraph (:data:`ASSESSMENT`) was written for.
ASSESSED_LEADERS: dict[str, str] = {
    "band:0": "stabsstelle",
    "band:1": "stabsstelle",
    "band:2": "stabsstelle",
    "band:3": "stabsstelle",
    "band:4": "stabsstelle",
    "band:5": "fachamt",
    "band:6": "klimaschutzamt",
    "level:gemeinde": "stabsstelle",
    "level:stadt": "stabsstelle",
    "level:kreisfreie_stadt": "klimaschutzamt",
    "level:landkreis": "fachamt",
    "level:51": "stellenteilung",
    "level:52": "stellenteilung",
    "level:53": "stellenteilung",
    "level:54": "stellenteilung",
    "level:55": "stellenteilung",
    "level:56": "stellenteilung",
    "level:58": "stellenteilung",
}

#: Kinds of administration in the order of the level table (Verband types by GV100AD code).
LEVEL_ORDER = ("kreisfreie_stadt", "stadt", "gemeinde", *sorted(VERBAND_TYPES)[1:], "landkreis")

_LEVEL_LABELS: dict[Lang, dict[str, str]] = {
    "de": {
        "kreisfreie_stadt": "Kreisfreie Städte",
        "stadt": "Verbandsfreie Städte",
        "gemeinde": "Verbandsfreie Gemeinden",
        "landkreis": "Landkreise und Kreise",
        **{code: label for code, label in VERBAND_TYPES.items() if code != "50"},
    },
    "en": {
        "kreisfreie_stadt": "District-free cities",
        "stadt": "Independent towns",
        "gemeinde": "Independent municipalities",
        "landkreis": "Landkreise",
        "51": "Amt",
        "52": "Samtgemeinde",
        "53": "Verbandsgemeinde",
        "54": "Verwaltungsgemeinschaft",
        "55": "Kirchspielslandgemeinde",
        "56": "Verwaltungsverband",
        "57": "Verwaltungsgem. (host)",
        "58": "Erfüllende Gemeinde",
    },
}


@dataclass
class Tally:
    """Recommendations of one row of a table: counts per model, skipped rows, and the summed
    first-rank share of the recommended model (for its mean)."""

    counts: Counter[str] = field(default_factory=Counter)
    share: float = 0.0
    members: int = 0  # Gemeinden the counted units stand for (level table)

    @property
    def assessed(self) -> int:
        """Rows with a recommendation."""
        return sum(n for key, n in self.counts.items() if key not in (SKIPPED, ERROR))

    def add(self, row: Row, members: int = 1) -> None:
        """Count one batch row."""
        if row.outcome is not None:
            self.counts[row.outcome.recommendation] += 1
            self.share += row.outcome.first_rank_share
        else:
            self.counts[ERROR if row.error is not None else SKIPPED] += 1
        self.members += members

    def leader(self, models: list[str]) -> str | None:
        """The most often recommended model (the first in the knowledge base's order on a tie)."""
        if not self.assessed:
            return None
        return max(models, key=lambda m: (self.counts[m], -models.index(m)))


@dataclass(frozen=True)
class PracticeCheck:
    """One documented case: what it chose, and the census's first two for its own unit."""

    name: str
    source: str
    observed: str
    population: int
    first: str
    second: str | None
    administration: str | None


@dataclass
class Census:
    """Everything the pages show, computed once (language-neutral where it can be)."""

    reference_date: str
    rows: list[Row]  # the batch rows, per municipality (German labels)
    bands: dict[int, Tally]
    levels: dict[str, Tally]
    level_bands: dict[int, Tally]
    practice: list[PracticeCheck]
    administered_rows: int  # batch rows that name an administration other than their own

    def leaders(self, models: list[str]) -> dict[str, str]:
        """The leading model per size class and kind of administration (see ASSESSED_LEADERS)."""
        out = {f"band:{i}": t.leader(models) for i, t in self.bands.items()}
        out |= {f"level:{k}": t.leader(models) for k, t in self.levels.items()}
        return {k: v for k, v in out.items() if v is not None}


def _band(population: int) -> int:
    return SIZE_CLASSES.index(size_class(population))


def _unit_row(assessor: Assessor, key: str) -> Row:
    """The batch row of a unit named by its key only: the advisor resolves its level."""
    return assessor.assess(InputRow(None, {"municipality": {"ags": key}}, ags=key))


def compute(directory: Directory, advisor: AdvisorData, samples: int, seed: int) -> Census:
    """Run the batch over the directory and over its administrations; check the practice cases."""
    assessor = Assessor(advisor, directory, lang="de", samples=samples, seed=seed)
    rows = [assessor.assess(item) for item in DirectorySource(directory, "de")]
    bands: dict[int, Tally] = defaultdict(Tally)
    for municipality, row in zip(directory.municipalities, rows, strict=True):
        bands[_band(municipality.population)].add(row)
    levels: dict[str, Tally] = defaultdict(Tally)
    level_bands: dict[int, Tally] = defaultdict(Tally)
    for item in DirectorySource(directory, "de", by_administration=True):
        if item.skip is not None:
            continue  # gemeindefreie Gebiete, as above
        row = assessor.assess(item)
        entity = directory.find(str(item.ags))
        if isinstance(entity, Gemeindeverband):
            group, members = entity.type_code, len(directory.members(entity))
        elif isinstance(entity, Municipality):
            group, members = str(entity.kind), 1
        else:  # pragma: no cover - a batch row names a Gemeinde or an association
            raise SystemExit(f"unexpected row {item.ags}")
        levels[group].add(row, members)
        level_bands[_band(entity.population or 0)].add(row, members)
    for kreis in directory.kreise:
        if kreis.kind is Kind.LANDKREIS:
            levels["landkreis"].add(_unit_row(assessor, kreis.key), 1)
    return Census(
        reference_date=day(directory.reference_date, "de") if directory.reference_date else "",
        rows=rows,
        bands=dict(bands),
        levels=dict(levels),
        level_bands=dict(level_bands),
        practice=_practice(assessor),
        administered_rows=sum(1 for r in rows if r.administration is not None),
    )


def _practice(assessor: Assessor) -> list[PracticeCheck]:
    """Each documented case's unit with nothing but the directory's figures (its key)."""
    checks = []
    for path in sorted(PRACTICE.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = case["key"]
        if not isinstance(key, str):
            raise SystemExit(f"{path}: key must be a quoted string of digits")
        row = _unit_row(assessor, key)
        if row.outcome is None:
            raise SystemExit(f"{path}: the census cannot assess key {key}: {row.error}")
        checks.append(
            PracticeCheck(
                name=case["case"],
                source=case["source"],
                observed=case["observed"],
                population=int(row.population),
                first=row.outcome.recommendation,
                second=row.outcome.runner_up,
                administration=row.administration,
            )
        )
    return checks


# --- rendering ---------------------------------------------------------------------------------

_TEXT: dict[Lang, dict[str, str]] = {
    "de": {
        "title": "Zensus: empfohlene Modelle für alle Gemeinden Deutschlands",
        "generated": "Diese Seite und ihre Grafiken erzeugt `{command}` aus dem amtlichen "
        "Gemeindeverzeichnis (GV100AD, Stand {date}); nicht von Hand ändern. Nach jeder "
        "Änderung an Bewertungen oder Regeln den Befehl erneut ausführen: der Test "
        "`tests/batch/test_census.py` schlägt fehl, solange die Seite nicht aktuell ist.",
        "method": "Jede Kommune wird mit ihrem Grundprofil bewertet, so wie `klimaorg batch "
        "--from-directory` es tut: Art und Einwohnerzahl aus dem Verzeichnis, alles andere "
        "unbekannt und mit den dokumentierten Annahmen ergänzt (siehe [Stapelbewertung]"
        "(stapel.md)). Die Robustheitsanalyse zieht {samples} Stichproben (Startwert {seed}) "
        "der Gewichte und der Bewertungen innerhalb ihrer Unsicherheitsintervalle. "
        "„Sicherheit“ ist der mittlere Anteil der Stichproben, in denen das empfohlene Modell "
        "vorn liegt. Der Zensus zeigt also, was die Wissensbasis ohne jede Angabe der Kommune "
        "sagt – eine echte Beratung beginnt mit den eigenen Zielen, Stellen und dem Rückhalt.",
        "by_size": "Nach Größenklasse (je Gemeinde)",
        "by_size_intro": "{rows} Gemeinden; {skipped} gemeindefreie Gebiete (Forsten, Seen, "
        "Truppenübungsplätze) sind keine Kommune und werden übersprungen.",
        "chart_alt": "Balkendiagramm: empfohlene Modelle je Größenklasse; dieselben Zahlen "
        "stehen in der Tabelle darunter.",
        "size_class": "Größenklasse",
        "level": "Verwaltung",
        "units": "Einheiten",
        "members": "Gemeinden",
        "skipped": "übersprungen",
        "total": "Summe",
        "sure": "Sicherheit",
        "by_level": "Nach Verwaltungsebene (Verbände einmal gezählt)",
        "by_level_intro": "Eine Gemeinde, deren Verwaltung ein Amt, eine Samtgemeinde, "
        "Verbandsgemeinde, ein Verwaltungsverband oder eine Verwaltungsgemeinschaft führt, hat "
        "keine eigene Verwaltung; die Stelle sitzt beim Verband. Hier wird deshalb jede "
        "Verwaltung einmal bewertet, nur mit ihrem Schlüssel: der Verband mit der Einwohnerzahl "
        "aller Mitglieder und einer geteilten Stelle als Annahme, dazu die verbandsfreien "
        "Gemeinden und Städte mit eigener Verwaltung, die kreisfreien Städte und die "
        "Landkreise. Das sind {units} Verwaltungen für {members} Gemeinden.",
        "level_chart_title": "Empfohlene Organisationsmodelle nach Verwaltungsebene",
        "level_chart_desc": "{units} Verwaltungen: {items}.",
        "level_chart_item": "{level}: vorn {model} ({count} von {total})",
        "level_chart_alt": "Balkendiagramm: empfohlene Modelle je Verwaltungsebene; dieselben "
        "Zahlen stehen in der Tabelle darunter.",
        "level_bands": "Dieselben Verwaltungen nach der Größenklasse ihrer Einwohnerzahl "
        "(ohne Landkreise):",
        "batch_today": "Wie der Stapel das heute behandelt",
        "batch_own": "`klimaorg batch --from-directory` gibt jeder Gemeinde Art und "
        "Einwohnerzahl aus dem Verzeichnis mit. Angegebene Zahlen gelten vor dem Verzeichnis, "
        "also wird auch eine Mitgliedsgemeinde mit ihren eigenen Zahlen bewertet und nicht auf "
        "der Ebene ihres Verbands: keine der {rows} Zeilen nennt eine Verwaltung (Spalte "
        "`administration`). Mit `--by-administration` entsteht stattdessen eine Zeile je "
        "Verwaltung, jeder Verband einmal und auf seiner Ebene bewertet – das sind die "
        "Zeilen der Tabelle oben (ohne die Landkreise).",
        "batch_levels": "`klimaorg batch --from-directory` bewertet {count} der {rows} Zeilen "
        "auf der Ebene ihres Verbands (Spalte `administration`); ein Verband steht dort so oft, "
        "wie er Mitglieder hat. Die Tabelle oben zählt jeden Verband einmal.",
        "practice": "Abgleich mit den dokumentierten Praxisfällen",
        "practice_intro": "Für jeden Praxisfall (siehe [Praxisabgleich](praxisabgleich.md)) "
        "steht hier, was der Zensus für seine Verwaltung allein aus dem Verzeichnis empfiehlt, "
        "neben der tatsächlichen Wahl. Der Praxisabgleich selbst rechnet mit den Angaben der "
        "Quelle; hier fehlen sie mit Absicht.",
        "case": "Fall",
        "population": "Einwohner",
        "chosen": "gewählt",
        "census": "Zensus (1., 2.)",
        "hit": "unter den ersten zwei",
        "yes": "ja",
        "no": "nein",
        "hits": "Die tatsächliche Wahl ist in {hits} von {cases} Fällen unter den ersten zwei "
        "des Zensus.",
        "plausible": "Einordnung",
        "stale": "**Zu prüfen:** Die folgende Einordnung wurde für eine andere Verteilung "
        "geschrieben. Damals vorn: {then}; jetzt: {now}. Den Absatz in "
        "`scripts/census.py` überarbeiten.",
    },
    "en": {
        "title": "Census: recommended models for every municipality in Germany",
        "generated": "`{command}` generates this page and its charts from the official "
        "municipality directory (GV100AD, as of {date}); do not edit it by hand. Run the "
        "command again after any change to the ratings or rules: the test "
        "`tests/batch/test_census.py` fails while the page is not current.",
        "method": "Every municipality is assessed with its baseline profile, as `klimaorg batch "
        "--from-directory` does: kind and population from the directory, everything else "
        "unknown and completed with the documented assumptions (see [batch assessment]"
        "(batch.md)). The robustness analysis draws {samples} samples (seed {seed}) of the "
        "weights and of the ratings within their uncertainty intervals. “Certainty” is the mean "
        "share of samples in which the recommended model comes first. So the census shows what "
        "the knowledge base says without any input from the municipality; real advice starts "
        "from its own goals, posts and backing.",
        "by_size": "By size class (per municipality)",
        "by_size_intro": "{rows} municipalities; {skipped} unincorporated areas (gemeindefreie "
        "Gebiete: forests, lakes, training areas) are no municipality and are skipped.",
        "chart_alt": "Bar chart: recommended models per size class; the table below gives the "
        "same numbers.",
        "size_class": "Size class",
        "level": "Administration",
        "units": "Units",
        "members": "Municipalities",
        "skipped": "skipped",
        "total": "Total",
        "sure": "Certainty",
        "by_level": "By administrative level (associations counted once)",
        "by_level_intro": "A Gemeinde whose administration is run by an Amt, Samtgemeinde, "
        "Verbandsgemeinde, Verwaltungsverband or Verwaltungsgemeinschaft has no administration "
        "of its own; the post sits with the association. So here every administration is "
        "assessed once, by its key only: the association with the population of all its "
        "members and a shared post as an assumption, besides the independent "
        "municipalities and towns (in no association, with their own administration), the "
        "district-free cities and the Landkreise. That is "
        "{units} administrations for {members} municipalities.",
        "level_chart_title": "Recommended organisational models by administrative level",
        "level_chart_desc": "{units} administrations: {items}.",
        "level_chart_item": "{level}: mostly {model} ({count} of {total})",
        "level_chart_alt": "Bar chart: recommended models per administrative level; the table "
        "below gives the same numbers.",
        "level_bands": "The same administrations by the size class of their population "
        "(Landkreise left out):",
        "batch_today": "How the batch handles this today",
        "batch_own": "`klimaorg batch --from-directory` gives every municipality its kind and "
        "population from the directory. Given figures win over the directory, so a member "
        "Gemeinde is assessed with its own figures, not at the level of its association: none "
        "of the {rows} rows names an administration (column `administration`). With "
        "`--by-administration` it writes one row per administration instead, each association "
        "once and advised at its level: the rows of the table above (without the Landkreise).",
        "batch_levels": "`klimaorg batch --from-directory` assesses {count} of the {rows} rows "
        "at the level of their association (column `administration`); an association appears "
        "there once per member. The table above counts each association once.",
        "practice": "Against the documented practice cases",
        "practice_intro": "For every practice case (see [practice check](practice.md)) this "
        "is what the census recommends for its administration from the directory alone, beside "
        "the actual choice. The practice check itself uses the facts its source states; here "
        "they are left out on purpose.",
        "case": "Case",
        "population": "Population",
        "chosen": "chosen",
        "census": "Census (1st, 2nd)",
        "hit": "among the first two",
        "yes": "yes",
        "no": "no",
        "hits": "The actual choice is among the census's first two in {hits} of {cases} cases.",
        "plausible": "Assessment",
        "stale": "**To be reviewed:** the assessment below was written for another "
        "distribution. Leading then: {then}; now: {now}. Revise the paragraph in "
        "`scripts/census.py`.",
    },
}

#: The hand-written plausibility paragraph, for the distribution of :data:`ASSESSED_LEADERS`.
ASSESSMENT: dict[Lang, str] = {
    "de": """\
Plausibel ist, dass die Empfehlung mit der Größe und der Ebene wechselt. Wo ein Amt, eine
Samtgemeinde, Verbandsgemeinde oder Verwaltungsgemeinschaft die Verwaltung führt, empfiehlt der
Zensus die geteilte Stelle – wie in der Praxis (ein Klimaschutzmanager für zwei bis fünf kleine
Gemeinden, etwa im Gemeindeverwaltungsverband Denzlingen-Vörstetten-Reute und im Amt Märkische
Schweiz) und im Difu-Leitfaden, der kleineren Gemeinden die Zusammenarbeit mit Nachbarn rät.
Gemeinden und Städte mit eigener Verwaltung bis 50.000 Einwohner bekommen überwiegend eine
Stabsstelle mit einer Stelle, die verbandsfreien Orte daneben oft das Fachamt; beides nennt
klimaschutz.de als üblich, und die dokumentierten Stabsstellen kleinerer Städte (Ilsfeld,
Leichlingen, Neukirchen-Vluyn, Kamp-Lintfort, Filderstadt) bestätigen es. Von 50.000 bis 100.000
Einwohnern führt das Fachamt, wo in diesen Städten meist ein Umweltamt die Koordination trägt
(Difu 2011); Landkreise bekommen das Fachamt der Kreisverwaltung, entsprechend den eigenen
Aufgaben des Kreises, die der Difu-Leitfaden zuerst nennt. Das Klimaschutzteam, früher in jeder
Klasse vorn, führt nirgends mehr allein; es bleibt die Ergänzung, als die es in der Praxis
vorkommt.

Einzuordnen sind drei Dinge. Erstens ist die Sicherheit niedrig (um 40 %): Ohne Ziele, Stellen
und Rückhalt liegen Stabsstelle, Stellenteilung und Fachamt in kleinen Gemeinden fast gleichauf –
bei Dörfern unter 5.000 Einwohnern mit der angenommenen halben Stelle sind Stabsstelle und
Stellenteilung punktgleich, und die feste Reihenfolge der Modelle entscheidet. Die offenen Fragen
verbreitern die Unsicherheit mit Absicht: Der Zensus zeigt, was ohne Angaben gesagt werden kann,
und das ist wenig. Zweitens führt in Städten ab 100.000 Einwohnern das eigene Klimaschutzamt, aber
nur knapp vor Fachamt und Team; mit der angenommenen Zahl von drei Stellen ist das eine
Gleichlage, keine Empfehlung. Die Praxis dort ist gemischt (Fachamt in Karlsruhe und
Kaiserslautern, Stabsstelle in Bonn und Stuttgart, eigenes Amt in Frankfurt am Main und
Würzburg). Drittens wird die Energieagentur nirgends empfohlen, obwohl drei der sieben
dokumentierten Landkreisfälle eine Agentur gewählt haben: Das Modell bewertet die Verortung für
die eigenen Aufgaben des Kreises; die Unterstützung der Gemeinden (Klimaschutzkoordination) nennt
es als Hinweis, gewichtet sie aber nicht (siehe [Praxisabgleich](praxisabgleich.md)).

Zur Ebene: Ilsfeld wird als Gemeindeverwaltungsverband bewertet, hat seine Stabsstelle aber
selbst eingerichtet. In Baden-Württemberg behalten die Mitglieder eines
Gemeindeverwaltungsverbands ihre eigene Verwaltung; ob die Stelle beim Verband (Denzlingen) oder
bei der Gemeinde (Ilsfeld) sitzt, ist dort eine Wahl, keine Vorgabe.
""",
    "en": """\
It is plausible that the recommendation changes with size and level. Where an Amt, Samtgemeinde,
Verbandsgemeinde or Verwaltungsgemeinschaft runs the administration, the census recommends the
shared post – as in practice (one climate manager for two to five small municipalities, e.g. in
the Gemeindeverwaltungsverband Denzlingen-Vörstetten-Reute and in the Amt Märkische Schweiz) and
in the Difu guide, which advises smaller municipalities to work with their neighbours.
Municipalities and towns with their own administration up to 50,000 inhabitants mostly get a
one-post Stabsstelle, independent places often the Fachamt; klimaschutz.de names both as usual,
and the documented Stabsstellen of smaller towns (Ilsfeld, Leichlingen, Neukirchen-Vluyn,
Kamp-Lintfort, Filderstadt) confirm it. From 50,000 to 100,000 inhabitants the Fachamt leads,
where an environmental office mostly carries the coordination in such cities (Difu 2011);
Landkreise get the Fachamt of the district administration, in line with the Kreis's own tasks
that the Difu guide names first. The cross-departmental team, which used to lead in every class,
leads alone nowhere; it remains the add-on it is in practice.

Three things need putting in context. First, certainty is low (about 40 %): without goals, posts
and backing, Stabsstelle, shared post and Fachamt are nearly level in small municipalities – for
villages below 5,000 inhabitants with the assumed half post, Stabsstelle and shared post tie
exactly and the fixed order of the models decides. The open questions widen the uncertainty on
purpose: the census shows what can be said without any answers, and that is little. Second, in
cities from 100,000 inhabitants the own climate office leads, but only just ahead of the Fachamt
and the team; with the assumed three posts that is a tie, not a recommendation. Practice there is
mixed (Fachamt in Karlsruhe and Kaiserslautern, Stabsstelle in Bonn and Stuttgart, own office in
Frankfurt am Main and Würzburg). Third, the energy agency is recommended nowhere, although three
of the seven documented Landkreis cases chose an agency: the model judges the placement for the
Kreis's own tasks; supporting the Gemeinden (Klimaschutzkoordination) is named as a note but not
weighed (see [Checked against practice](practice.md)).

On the level: Ilsfeld is assessed as its Gemeindeverwaltungsverband but set up its Stabsstelle
itself. In Baden-Württemberg the members of a Gemeindeverwaltungsverband keep their own
administration; whether the post sits with the association (Denzlingen) or with the
municipality (Ilsfeld) is a choice there, not a given.
""",
}


def _models(advisor: AdvisorData, lang: Lang) -> tuple[list[str], list[str]]:
    kb = advisor.knowledge
    ids = list(kb.model_ids)
    return ids, [kb.model(m).short_name.get(lang) for m in ids]


def _table(header: list[str], rows: Iterable[list[str]], right: Iterable[int] = ()) -> list[str]:
    """A Markdown table; ``right``: the columns to align right (all but the first by default)."""
    columns = set(right) or set(range(1, len(header)))
    align = ["---:" if i in columns else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _tally_cells(tally: Tally, models: list[str], lang: Lang) -> list[str]:
    sure = tally.share / tally.assessed if tally.assessed else None
    return [
        *(number(tally.counts[m], lang) for m in models),
        percent(sure, lang) if sure is not None else "–",
    ]


def _sum(tallies: Iterable[Tally]) -> Tally:
    out = Tally()
    for t in tallies:
        out.counts.update(t.counts)
        out.share += t.share
        out.members += t.members
    return out


def _size_chart(census: Census, advisor: AdvisorData, lang: Lang) -> str:
    """The batch's own summary chart, from the batch's own rows."""
    summary = Summary(advisor, lang)
    for row in census.rows:
        population = row.population if isinstance(row.population, int) else None
        label = size_class_label(size_class(population), lang) if population is not None else None
        summary.add(replace(row, size_class=label))
    return chart(summary.table(), lang)


def _level_chart(census: Census, advisor: AdvisorData, lang: Lang) -> str:
    text = _TEXT[lang]
    ids, names = _models(advisor, lang)
    groups = [g for g in LEVEL_ORDER if g in census.levels]
    rows = [(_LEVEL_LABELS[lang][g], [census.levels[g].counts[m] for m in ids]) for g in groups]
    items = []
    for g in groups:
        tally = census.levels[g]
        best = tally.leader(ids)
        if best is not None:
            items.append(
                text["level_chart_item"].format(
                    level=_LEVEL_LABELS[lang][g],
                    model=names[ids.index(best)],
                    count=number(tally.counts[best], lang),
                    total=number(tally.assessed, lang),
                )
            )
    units = sum(t.assessed for t in census.levels.values())
    return summary_chart(
        rows,
        names,
        lang,
        title=text["level_chart_title"],
        description=text["level_chart_desc"].format(
            units=number(units, lang), items="; ".join(items)
        ),
        total_label=text["total"],
        chart_id="census-levels",
    )


def _leader_list(leaders: dict[str, str], keys: set[str], advisor: AdvisorData, lang: Lang) -> str:
    """``keys`` (size classes, kinds of administration) with their leading model."""
    ids, names = _models(advisor, lang)
    parts = []
    for key in keys:
        kind, _, what = key.partition(":")
        label = (
            size_class_label(SIZE_CLASSES[int(what)], lang)
            if kind == "band"
            else _LEVEL_LABELS[lang][what]
        )
        model = leaders.get(key)
        parts.append((key, f"{label} {names[ids.index(model)] if model else '–'}"))
    return ", ".join(text for _, text in sorted(parts, key=lambda p: _order(p[0])))


def _order(key: str) -> tuple[int, int]:
    kind, _, what = key.partition(":")
    return (0, int(what)) if kind == "band" else (1, LEVEL_ORDER.index(what))


def page(census: Census, advisor: AdvisorData, lang: Lang, samples: int, seed: int) -> str:
    """The Markdown page in ``lang``."""
    text = _TEXT[lang]
    ids, names = _models(advisor, lang)
    _, size_svg, level_svg = FILES[lang]
    date = census.reference_date if lang == "de" else _iso(census.reference_date)
    out = [
        f"# {text['title']}",
        "",
        text["generated"].format(command=COMMAND, date=date),
        "",
        text["method"].format(samples=number(samples, lang), seed=seed),
        "",
        f"## {text['by_size']}",
        "",
    ]
    skipped = sum(t.counts[SKIPPED] for t in census.bands.values())
    out += [
        text["by_size_intro"].format(
            rows=number(len(census.rows), lang), skipped=number(skipped, lang)
        ),
        "",
        f"![{text['chart_alt']}]({Path(size_svg).name})",
        "",
    ]
    header = [text["size_class"], *names, text["sure"], text["skipped"], text["total"]]
    body = []
    for index, band in enumerate(SIZE_CLASSES):
        tally = census.bands.get(index)
        if tally is None:
            continue
        body.append(
            [
                size_class_label(band, lang),
                *_tally_cells(tally, ids, lang),
                number(tally.counts[SKIPPED] + tally.counts[ERROR], lang),
                number(sum(tally.counts.values()), lang),
            ]
        )
    total = _sum(census.bands.values())
    body.append(
        [
            f"**{text['total']}**",
            *_tally_cells(total, ids, lang),
            number(total.counts[SKIPPED] + total.counts[ERROR], lang),
            number(sum(total.counts.values()), lang),
        ]
    )
    out += [*_table(header, body), ""]
    out += [f"## {text['by_level']}", ""]
    units = _sum(census.levels.values())
    members = _sum(t for g, t in census.levels.items() if g != "landkreis").members
    out += [
        text["by_level_intro"].format(
            units=number(units.assessed, lang), members=number(members, lang)
        ),
        "",
        f"![{text['level_chart_alt']}]({Path(level_svg).name})",
        "",
    ]
    header = [text["level"], text["units"], text["members"], *names, text["sure"]]
    body = []
    for group in LEVEL_ORDER:
        tally = census.levels.get(group)
        if tally is None:
            continue
        body.append(
            [
                _LEVEL_LABELS[lang][group],
                number(tally.assessed, lang),
                number(tally.members, lang) if group != "landkreis" else "–",
                *_tally_cells(tally, ids, lang),
            ]
        )
    body.append(
        [
            f"**{text['total']}**",
            number(units.assessed, lang),
            number(members, lang),
            *_tally_cells(units, ids, lang),
        ]
    )
    out += [*_table(header, body), "", text["level_bands"], ""]
    header = [text["size_class"], text["units"], text["members"], *names, text["sure"]]
    body = []
    for index, band in enumerate(SIZE_CLASSES):
        tally = census.level_bands.get(index)
        if tally is not None:
            body.append(
                [
                    size_class_label(band, lang),
                    number(tally.assessed, lang),
                    number(tally.members, lang),
                    *_tally_cells(tally, ids, lang),
                ]
            )
    out += [*_table(header, body), ""]
    out += [f"### {text['batch_today']}", ""]
    rows = number(len(census.rows), lang)
    if census.administered_rows:
        count = number(census.administered_rows, lang)
        out += [text["batch_levels"].format(count=count, rows=rows), ""]
    else:
        out += [text["batch_own"].format(rows=rows), ""]
    out += _practice_section(census, advisor, lang)
    out += [f"## {text['plausible']}", ""]
    leaders = census.leaders(ids)
    changed = {
        k
        for k in ASSESSED_LEADERS.keys() | leaders.keys()
        if leaders.get(k) != ASSESSED_LEADERS.get(k)
    }
    if changed:
        out += [
            text["stale"].format(
                then=_leader_list(ASSESSED_LEADERS, changed, advisor, lang),
                now=_leader_list(leaders, changed, advisor, lang),
            ),
            "",
        ]
    out += [ASSESSMENT[lang].strip(), ""]
    return "\n".join(out)


def _iso(german_date: str) -> str:
    d, m, y = german_date.split(".") if german_date else ("", "", "")
    return f"{y}-{m}-{d}" if german_date else ""


def _practice_section(census: Census, advisor: AdvisorData, lang: Lang) -> list[str]:
    text = _TEXT[lang]
    ids, names = _models(advisor, lang)
    name = dict(zip(ids, names, strict=True))
    header = [text["case"], text["population"], text["chosen"], text["census"], text["hit"]]
    body = []
    hits = 0
    for case in census.practice:
        top = [case.first, *([case.second] if case.second else [])]
        hit = case.observed in top
        hits += hit
        body.append(
            [
                f"[{case.name}]({case.source})",
                number(case.population, lang),
                name[case.observed],
                ", ".join(name[m] for m in top),
                text["yes"] if hit else text["no"],
            ]
        )
    return [
        f"## {text['practice']}",
        "",
        text["practice_intro"],
        "",
        *_table(header, body, right=[1]),
        "",
        text["hits"].format(hits=number(hits, lang), cases=number(len(census.practice), lang)),
        "",
    ]


def render(
    directory: Directory, advisor: AdvisorData, samples: int, seed: int
) -> tuple[dict[str, str], Census]:
    """Every generated file (path relative to the project root → text) and the census."""
    census = compute(directory, advisor, samples, seed)
    files: dict[str, str] = {}
    for lang, (md, size_svg, level_svg) in FILES.items():
        files[md] = page(census, advisor, lang, samples, seed)
        files[size_svg] = _size_chart(census, advisor, lang) + "\n"
        files[level_svg] = _level_chart(census, advisor, lang) + "\n"
    return files, census


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=REAL_FILE, help="GV100AD file")
    parser.add_argument("--out", type=Path, default=ROOT, help="project root to write into")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"GV100AD file not found: {args.file}", file=sys.stderr)
        return 2
    advisor = load_advisor_data()
    files, census = render(Directory.from_file(args.file), advisor, DEFAULT_SAMPLES, DEFAULT_SEED)
    stale = []
    for relative, content in files.items():
        target = args.out / relative
        if args.check:
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != content:
                stale.append(relative)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    if census.leaders(_models(advisor, "de")[0]) != ASSESSED_LEADERS:
        print(
            "warning: the distribution changed; review ASSESSMENT in scripts/census.py",
            file=sys.stderr,
        )
    if stale:
        print(f"not current (run {COMMAND}): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
