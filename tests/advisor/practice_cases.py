"""The documented real placements of tests/advisor/practice/ and the advisor's answer to each.

Each case file holds the observed model, the source address, the facts stated there (in our own
words) and a profile built from those facts only; population and kind come from the official
directory (GV100AD, 30.11.2023). ``python -m tests.advisor.practice_cases`` prints the table that
docs/de/praxisabgleich.md shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from klimaorg.advisor import advise

FOLDER = Path(__file__).parent / "practice"


@dataclass(frozen=True)
class Case:
    """One documented placement and the advisor's ranking for its stated facts."""

    name: str
    observed: str
    source: str
    profile: dict[str, Any]

    def ranking(self) -> list[str]:
        """Model ids, best first (the advisor's default sampling and seed)."""
        result = advise(self.profile, lang="de")
        return [row["model"] for row in result["ranking"]]


def load_cases() -> list[Case]:
    """All case files, in file-name order."""
    cases = []
    for path in sorted(FOLDER.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(doc["case"], doc["observed"], doc["source"], doc["profile"]))
    return cases


def table() -> str:
    """A Markdown table: case, observed model, the advisor's first three, hit in the first two."""
    rows = [
        "| Fall | gewählt | Empfehlung (1., 2., 3.) | unter den ersten zwei |",
        "|---|---|---|---|",
    ]
    hits = 0
    cases = load_cases()
    for case in cases:
        top = case.ranking()[:3]
        hit = case.observed in top[:2]
        hits += hit
        rows.append(
            f"| [{case.name}]({case.source}) | {case.observed} | {', '.join(top)} | "
            f"{'ja' if hit else 'nein'} |"
        )
    rows.append(f"\nTreffer: {hits} von {len(cases)} ({hits / len(cases):.0%})")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
