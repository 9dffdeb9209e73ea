"""A batch row says what ``advise()`` says for the same profile: same recommendation, same
ranking, same scores and first-rank shares; reuse never changes a row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from klimaorg.advisor import AdvisorData, advise
from klimaorg.batch import Assessor, CsvSource, DirectorySource, Row
from klimaorg.directory import Directory
from tests.batch.conftest import SCENARIOS, flatten, write_csv

TOLERANCE = 1e-12


def scenario_profiles() -> list[dict[str, Any]]:
    """The profiles of the advisor's scenarios (realistic, hand-written) that need no
    municipality directory."""
    profiles = [
        yaml.safe_load(path.read_text(encoding="utf-8"))["profile"]
        for path in sorted(SCENARIOS.glob("*.yaml"))
    ]
    return [p for p in profiles if "ags" not in p["municipality"]]


def assert_same(row: Row, expected: dict[str, Any]) -> None:
    """The row's outcome equals the full result of advise()."""
    assert row.error is None, row.error
    assert row.outcome is not None
    assert row.outcome.recommendation == expected["recommendation"]
    assert row.outcome.recommendation_name == expected["recommendation_name"]
    got, want = list(row.outcome.ranking), expected["ranking"]
    assert [r["model"] for r in got] == [r["model"] for r in want]
    assert [r["rank"] for r in got] == [r["rank"] for r in want]
    assert [r.get("rules") for r in got] == [r.get("rules") for r in want]
    for mine, theirs in zip(got, want, strict=True):
        if theirs["score"] is None:
            assert mine["score"] is None
        else:
            assert abs(mine["score"] - theirs["score"]) <= TOLERANCE
        assert abs(mine["first_rank_share"] - theirs["first_rank_share"]) <= TOLERANCE
    first = want[0]
    assert abs(row.outcome.score - first["score"]) <= TOLERANCE
    assert abs(row.outcome.first_rank_share - first["first_rank_share"]) <= TOLERANCE
    assert row.outcome.runner_up == want[1]["model"]
    assert row.assumptions == len(expected["assumptions"])


@pytest.mark.parametrize("reuse", [True, False])
def test_scenario_profiles_equal_advise(advisor: AdvisorData, tmp_path: Path, reuse: bool) -> None:
    profiles = scenario_profiles()
    path = write_csv(tmp_path / "p.csv", [flatten(p) for p in profiles], delimiter=";")
    assessor = Assessor(advisor, None, reuse=reuse)
    rows = [assessor.assess(item) for item in CsvSource(path, advisor, "de")]
    assert len(rows) == len(profiles) == 19
    for line, (row, profile) in enumerate(zip(rows, profiles, strict=True), 2):
        assert row.line == line
        assert_same(row, advise(profile))
        assert row.name == profile["municipality"].get("name")
        assert row.population == profile["municipality"]["population"]


def test_scenario_profiles_in_english(advisor: AdvisorData, tmp_path: Path) -> None:
    profiles = scenario_profiles()[:4]
    path = write_csv(tmp_path / "p.csv", [flatten(p) for p in profiles])
    assessor = Assessor(advisor, None, lang="en")
    for item, profile in zip(CsvSource(path, advisor, "en"), profiles, strict=True):
        assert_same(assessor.assess(item), advise(profile, lang="en"))


def test_directory_sample_equals_advise(advisor: AdvisorData, real_directory: Directory) -> None:
    """Every 50th municipality of Germany (220 of them, all size classes) as baseline profiles."""
    source = DirectorySource(real_directory, "de")
    assessor = Assessor(advisor, real_directory)
    checked = 0
    for index, item in enumerate(source):
        if index % 50:
            continue
        row = assessor.assess(item)
        if item.skip:
            assert row.skipped and row.outcome is None
            continue
        # Directory rows are baseline profiles with each Gemeinde's own kind and population
        # (statistics by size class); those given figures win over its association's.
        assert item.data is not None
        expected = advise(item.data, directory=real_directory)
        assert_same(row, expected)
        assert (row.ags, row.name, row.population) == (item.ags, item.name, item.population)
        checked += 1
    assert checked > 200
    assert assessor.reused > 0  # the sample shares analyses


def test_reuse_changes_nothing(advisor: AdvisorData, real_directory: Directory) -> None:
    """All municipalities of Mecklenburg-Vorpommern, with and without reuse: identical rows."""
    source = DirectorySource(real_directory, "de", land="13")
    with_reuse = Assessor(advisor, real_directory, samples=200)
    without = Assessor(advisor, real_directory, samples=200, reuse=False)
    rows = [(with_reuse.assess(item), without.assess(item)) for item in source]
    assert len(rows) == 727
    for a, b in rows:
        assert a == b
    # graded rules (population, posts) tell more situations apart than thresholds did; the
    # factors are rounded to 0.05, so the 727 municipalities still share about 50 analyses
    assert with_reuse.analyses < 100 < without.analyses


def test_identity_is_never_shared(advisor: AdvisorData, real_directory: Directory) -> None:
    """Rows that reuse an analysis still carry their own key, name, population, size class."""
    source = DirectorySource(real_directory, "de", kreis="08316")
    assessor = Assessor(advisor, real_directory)
    rows = [assessor.assess(item) for item in source]
    assert len({r.ags for r in rows}) == len(rows) == 24
    denzlingen = next(r for r in rows if r.ags == "08316009")
    assert (denzlingen.name, denzlingen.population) == ("Denzlingen", 13910)
    assert denzlingen.size_class == "10.000 bis unter 20.000"
