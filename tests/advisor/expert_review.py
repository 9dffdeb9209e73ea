"""The expert review profiles beside the project and the advisor's answer to each.

``../shared/reference/expert_review/`` holds 17 realistic profiles, each with a reviewer's verdict
on the advice of the first release in its opening comment. They are calibration material, not a
test to tune to: where a verdict says "implausible", the cause is looked for in the ratings, rules
and defaults and fixed with a recorded reason. ``python -m tests.advisor.expert_review`` prints the
reviewer's verdict beside today's first two models and their first-rank shares, so a change to the
knowledge base can be read against every verdict at once (docs/de/praxisabgleich.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from klimaorg.advisor import advise

FOLDER = Path(__file__).resolve().parents[3] / "shared" / "reference" / "expert_review"


@dataclass(frozen=True)
class Review:
    """One profile and the reviewer's comment on the first release's advice."""

    name: str
    verdict: str
    profile: dict[str, Any]


def load_reviews(folder: Path = FOLDER) -> list[Review]:
    """Every profile file, in file-name order (empty when the folder is absent)."""
    reviews = []
    for path in sorted(folder.glob("p*.yaml")):
        text = path.read_text(encoding="utf-8")
        comment = " ".join(
            line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")
        )
        reviews.append(Review(path.stem, comment, yaml.safe_load(text)))
    return reviews


def answer(profile: dict[str, Any]) -> str:
    """The first three models with their share of first ranks, e.g. 'fachamt 55 %, …'."""
    result = advise(profile, lang="de")
    shares = result["robustness"]["first_rank"]
    return ", ".join(
        f"{row['model']} {round(100 * shares.get(row['model'], 0.0))} %"
        for row in result["ranking"][:3]
    )


def main() -> None:
    """Print each profile's verdict and today's answer."""
    for review in load_reviews():
        print(f"{review.name}\n  Urteil: {review.verdict}\n  heute:  {answer(review.profile)}\n")


if __name__ == "__main__":
    main()
