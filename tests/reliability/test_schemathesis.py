"""Property-based API tests with schemathesis 4 against the app's own, typed OpenAPI document.

Every ``/api/v1/`` operation is called twice over: with a valid API token and anonymously
(in-process, through the ASGI app on a fresh SQLite database). Requests come from the typed
schemas (profile, problem, assessments, ...) and from the documented examples; about half have
their path ids replaced by ones that exist (the assessment, its workshop, the workshop's link)
and their ``lock_version`` by the current one, so the success paths are reached, not only the
404s and 409s. Operations that would destroy those (delete, revoke) get a fresh object each time.

Checked: no server error (5xx); every answer conforms to the declared schema, status code and
content type; anonymous calls to protected operations are 401; every operation with a success
path answers 2xx at least :data:`MIN_SUCCESS` times. The summary line is printed (``-s``).
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from klimaorg import assessing
from klimaorg.context import directory_cache_path
from klimaorg.directory import Directory
from klimaorg.directory.cache import save as save_directory
from klimaorg.settings import Settings
from klimaorg.storage import service
from klimaorg.storage.core import Principal, Role
from klimaorg.storage.db import Database
from klimaorg.web.wizard.form import CRITERIA
from tests.accounts import cheap_hashing, sole_member
from tests.conftest import shared_file
from tests.fuzzing import schema_fuzzing
from tests.web.assessment_world import migrated_app

pytestmark = pytest.mark.slow

EXAMPLES = 25  # per operation and caller
ANONYMOUS_PROTECTED = 8  # protected operations called anonymously: all must be 401
SLOW_EXAMPLES = 4  # operations that render documents (PDF/Word)
TIMEOUT = 10.0  # seconds per request (schemathesis' default)
SLOW_TIMEOUT = 60.0  # a first PDF on a cold, loaded machine starts the worker pool and fonts;
# the app's own limit for heavy work is 60 s (KLIMAORG_HEAVY_TIMEOUT_SECONDS), then a declared 504
SLOW = ("/api/v1/report",)
MIN_SUCCESS = 3  # 2xx answers at least per operation (half the requests where fewer are made)
KREIS = "08316"  # Emmendingen, Denzlingen's Kreis
MAX_SAMPLES = 2_000  # SMAA samples per solve request in this run (the schema states the cap)
CONFORMANCE = [response_schema_conformance, status_code_conformance, content_type_conformance]
PROFILE: dict[str, Any] = {
    "municipality": {"name": "Denzlingen", "kind": "gemeinde", "population": 14_000},
}
FRESH = (
    "DELETE /api/v1/assessments/{id}",
    "POST /api/v1/assessments/{id}/workshops/{workshop_id}/revoke",
)


@dataclass
class Target:
    app: Any
    db: Database
    owner: Principal
    headers: dict[str, str]
    known: dict[str, str]
    export: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    directory = shared_file("data/GV100AD_301123.txt")
    cheap_hashing()
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    config = Settings(
        database_url=f"sqlite:///{folder / 'klimaorg.sqlite3'}",
        data_dir=folder,
        max_samples=MAX_SAMPLES,
    )
    # The advice finds the imported directory in the data folder: give it this run's own, so
    # the answers do not depend on what the machine's default folder holds.
    environment = pytest.MonkeyPatch()
    environment.setenv("KLIMAORG_DATA_DIR", str(folder))
    save_directory(Directory.from_file(directory), directory_cache_path())
    app = migrated_app(config)
    db: Database = app.state.db
    with db.transaction() as s:
        owner = sole_member(s, "Denzlingen", Role.OWNER).principal
        _info, api_token = service.create_api_token(s, owner, "schemathesis")
        detail = assessing.create_assessment(s, owner, title="Klimaschutz", profile=PROFILE)
        workshop, link = service.create_workshop(
            s, owner, detail.id, title="Runde", valid_for=timedelta(days=30)
        )
        service.submit_priorities(
            s, link, participant="Bauamt", priorities=dict.fromkeys(CRITERIA, 2)
        )
        export = service.export_assessment(s, owner, detail.id)
        service.import_directory(s, Directory.from_file(directory))
    known = {
        "id": str(detail.id),
        "workshop_id": str(workshop.id),
        "token": link,
        "model_id": "team",
        "version": "1",
        "key": KREIS,
    }
    yield Target(
        app, db, owner, {"Authorization": f"Bearer {api_token}"}, known, json.loads(export)
    )
    db.dispose()
    environment.undo()


def _summary(error: BaseException) -> str:
    """The failure's title lines and the reproducing request (without the long schema dumps)."""
    parts = []
    for item in getattr(error, "exceptions", [error]):
        lines = [line.strip() for line in str(item).splitlines() if line.strip()]
        parts.append(" / ".join(lines[:3]))
    text = str(error)
    if "curl " in text:
        parts.append(text[text.index("curl ") :].splitlines()[0])
    return " | ".join(parts)[:2000]


def _protected(operation: Any) -> bool:
    return "401" in operation.definition.raw.get("responses", {})


def _fresh_ids(target: Target) -> dict[str, str]:
    """A new assessment with a workshop, for operations that delete or close what they get."""
    with target.db.transaction() as s:
        detail = assessing.create_assessment(s, target.owner, title="Wegwerf", profile=PROFILE)
        workshop, _link = service.create_workshop(
            s, target.owner, detail.id, title="Runde", valid_for=timedelta(days=1)
        )
    return {"id": str(detail.id), "workshop_id": str(workshop.id)}


def _lock_version(target: Target, assessment_id: str) -> int | None:
    with target.db.transaction() as s:
        try:
            return service.get_assessment(s, target.owner, int(assessment_id)).lock_version
        except Exception:  # deleted or not an id: leave the generated value
            return None


def _hint(target: Target, label: str) -> Callable[[Any], Any]:
    """Replace ids (and the lock version) by existing ones in every second case.

    Alternating, not drawn: a drawn flag shrinks towards ``False`` and then depends on what
    else hypothesis draws, so an unrelated change to the schema could starve an operation.
    """
    calls = itertools.count()

    def use_known(case: Any) -> Any:
        if next(calls) % 2:
            return case
        ids = _fresh_ids(target) if label in FRESH else target.known
        for name in list(case.path_parameters or {}):
            if name in ids:
                case.path_parameters[name] = ids[name]
            elif name in target.known:
                case.path_parameters[name] = target.known[name]
        if case.query and {"old", "new"} <= set(case.query):  # versions that exist
            case.query.update(old=1, new=1)
        if isinstance(case.body, dict) and "lock_version" in case.body:
            current = _lock_version(target, (case.path_parameters or {}).get("id", ""))
            if current is not None:
                case.body["lock_version"] = current
        if label == "POST /api/v1/assessments/import":
            case.body = target.export
        if label == "PUT /api/v1/assessments/{id}" and isinstance(case.body, dict):
            case.body["profile"] = PROFILE  # a valid change; the other half checks refusals
        if label == "POST /api/v1/workshop/{token}" and isinstance(case.body, dict):
            # every criterion 0..4 (the body schema does not list the criteria)
            case.body.pop("ahp", None)
            case.body["priorities"] = {c: i % 5 for i, c in enumerate(CRITERIA)}
        return case

    return use_known


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)

    @property
    def success(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)


def test_api_has_no_server_errors_and_conforms(target: Target) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", target.app)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"schema error: {result}"
        if result.ok().path.startswith("/api/v1/"):
            operations.append(result.ok())
    # What deletes or closes comes last: a generated id may hit the objects the others use.
    operations.sort(key=lambda operation: operation.label in FRESH)
    assert len(operations) >= 30
    server_errors: list[str] = []
    nonconforming: dict[str, str] = {}
    tallies: dict[tuple[str, str], Tally] = {}
    started = time.monotonic()

    for operation in operations:
        label = operation.label
        examples = operation.get_strategies_from_examples()
        for caller, headers in (("token", target.headers), ("anonymous", {})):
            tally = tallies[label, caller] = Tally()
            if operation.path in SLOW:
                count = SLOW_EXAMPLES
            elif caller == "anonymous" and _protected(operation):
                count = ANONYMOUS_PROTECTED
            else:
                count = EXAMPLES
            generated = operation.as_strategy().map(_hint(target, label))
            strategy = st.one_of(generated, *examples) if examples else generated

            @schema_fuzzing(count)
            @given(case=strategy)
            def run(case: Any) -> None:
                timeout = SLOW_TIMEOUT if operation.path in SLOW else TIMEOUT  # noqa: B023
                response = case.call(headers=headers, timeout=timeout)  # noqa: B023 - bound here
                tally.requests += 1  # noqa: B023
                tally.statuses[response.status_code] += 1  # noqa: B023
                try:
                    case.validate_response(response, checks=CONFORMANCE, headers=headers)  # noqa: B023
                except BaseException as error:  # schemathesis raises a FailureGroup
                    nonconforming.setdefault(f"{label} ({caller})", _summary(error))  # noqa: B023
                case.validate_response(response, checks=[not_a_server_error], headers=headers)  # noqa: B023

            try:
                run()
            except BaseException as error:  # collect and continue: one report for all operations
                server_errors.append(f"{label} ({caller}): {_summary(error)}")

    elapsed = time.monotonic() - started
    total = sum(t.requests for t in tallies.values())
    success = sum(t.success for t in tallies.values())
    print(
        f"\nschemathesis: {len(operations)} operations, {total} requests, {success} 2xx, "
        f"in {elapsed:.1f} s; server errors: {len(server_errors)}; "
        f"non-conforming: {len(nonconforming)}"
    )
    for (label, caller), tally in tallies.items():
        statuses = " ".join(f"{k}:{v}" for k, v in sorted(tally.statuses.items()))
        print(
            f"  {tally.requests:4d} req {tally.success:4d} 2xx  {caller:9s} {label}  [{statuses}]"
        )
    for label, text in nonconforming.items():
        print(f"  NON-CONFORMING {label}: {text}")

    assert not server_errors, "\n\n".join(server_errors)
    assert not nonconforming, "\n\n".join(f"{k}: {v}" for k, v in nonconforming.items())
    for operation in operations:
        label = operation.label
        anonymous = tallies[label, "anonymous"]
        if _protected(operation):
            assert set(anonymous.statuses) == {401}, f"{label} anonymously: {anonymous.statuses}"
        best = max(tallies[label, "token"].success, anonymous.success)
        needed = min(MIN_SUCCESS, max(1, tallies[label, "token"].requests // 2))
        assert best >= needed, f"{label}: only {best} successful answers"
