"""The profile's JSON Schema: :class:`~klimaorg.advisor.schema.Profile` plus the advisor's checks.

The API documents the profile with the very model :func:`~klimaorg.advisor.parse_profile`
validates with. Pydantic's schema of that model does not know the checks the advisor makes
after it (known criterion ids, not every priority 0, a municipality given by kind and population
or by AGS/name, what each weighting method needs); they are added here, from the same data the
advisor checks against, so that whatever the schema allows is a profile the advisor accepts.

What no JSON Schema can say stays with the advisor and is answered with a 422 naming the field:
an AGS or name missing from the imported municipality directory, the size of an AHP matrix that
depends on ``weighting.criteria``, and reciprocity of its judgements.
``tests/advisor/test_profile_schema.py`` proves the agreement with generated profiles.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from klimaorg.advisor.schema import Profile

Schema = dict[str, Any]

DEFAULT_REF_TEMPLATE = "#/$defs/{model}"


def profile_components(criteria: Sequence[str], ref_template: str) -> dict[str, Schema]:
    """``Profile`` and the schemas it refers to (``Municipality``, ...), by name.

    ``criteria`` are the criterion ids the advisor knows; ``ref_template`` is how the schemas
    refer to each other (``#/components/schemas/{model}`` in an OpenAPI document).
    """
    schema = Profile.model_json_schema(ref_template=ref_template)
    components: dict[str, Schema] = schema.pop("$defs")
    components["Profile"] = schema
    _narrow_profile(schema, list(criteria))
    _narrow_municipality(components["Municipality"])
    _narrow_weighting(components["Weighting"], list(criteria))
    return components


def profile_schema(criteria: Sequence[str]) -> Schema:
    """The profile's schema as one self-contained JSON Schema document (``$defs``)."""
    components = profile_components(criteria, DEFAULT_REF_TEMPLATE)
    schema = components.pop("Profile")
    return {**schema, "$defs": components}


def _each(criteria: list[str], schema: Schema) -> Schema:
    """``schema`` for the value of each criterion (copies: callers may edit one)."""
    return {criterion: copy.deepcopy(schema) for criterion in criteria}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _not_null(schema: Schema) -> Schema:
    """The non-null branch of pydantic's ``X | None`` (``anyOf: [X, null]``)."""
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    assert len(branches) == 1, schema
    return copy.deepcopy(branches[0])


def _narrow_profile(schema: Schema, criteria: list[str]) -> None:
    props = schema["properties"]
    # Without a municipality there is neither kind nor population nor anything to look up.
    props["municipality"].pop("default", None)
    schema["required"] = ["municipality"]
    (priority,) = _not_null(props["priorities"])["patternProperties"].values()
    props["priorities"] = _nullable(
        {
            "type": "object",
            "description": "Kriterium → Priorität 0..4 / criterion → priority 0..4",
            "properties": _each(criteria, priority),
            "additionalProperties": False,
            # all criteria at 0 leaves nothing to weigh (message "all_zero")
            "not": {"required": criteria, "properties": _each(criteria, {"maximum": 0})},
        }
    )


def _narrow_municipality(schema: Schema) -> None:
    """Kind and population, or an AGS or name to look them up by."""
    props = schema["properties"]
    schema["anyOf"] = [
        {
            "required": ["kind", "population"],
            "properties": {
                "kind": _not_null(props["kind"]),
                "population": _not_null(props["population"]),
            },
        },
        {"required": ["ags"], "properties": {"ags": _not_null(props["ags"])}},
        {"required": ["name"], "properties": {"name": _not_null(props["name"])}},
    ]
    schema["description"] = (
        "Art und Einwohnerzahl, oder AGS bzw. Name aus dem importierten Gemeindeverzeichnis "
        "/ kind and population, or an AGS or name from the imported directory"
    )


def _narrow_weighting(schema: Schema, criteria: list[str]) -> None:
    """Known criteria; SWING needs points (not all 0), AHP a positive pairwise matrix."""
    props = schema["properties"]
    (point,) = _not_null(props["points"])["patternProperties"].values()
    props["points"] = _nullable(
        {
            "type": "object",
            "properties": _each(criteria, point),
            "additionalProperties": False,
        }
    )
    props["criteria"] = _nullable({"type": "array", "items": {"enum": criteria}})
    judgement = {"type": "number", "exclusiveMinimum": 0}
    props["pairwise"] = _nullable({"type": "array", "items": {"type": "array", "items": judgement}})
    n = len(criteria)
    square = {
        "type": "array",
        "minItems": n,
        "maxItems": n,
        "items": {"type": "array", "minItems": n, "maxItems": n, "items": judgement},
    }
    schema["anyOf"] = [
        {"properties": {"method": {"const": "ratings"}}},
        {
            "required": ["method", "points"],
            "properties": {
                "method": {"const": "swing"},
                "points": {
                    "type": "object",
                    "minProperties": 1,
                    "not": {"properties": _each(criteria, {"maximum": 0})},
                },
            },
        },
        {
            "required": ["method", "pairwise"],
            "properties": {
                "method": {"const": "ahp"},
                "pairwise": {"type": "array", "minItems": 1},
            },
            # without ``criteria`` the matrix compares all criteria
            "anyOf": [
                {"required": ["criteria"], "properties": {"criteria": {"type": "array"}}},
                {"properties": {"criteria": {"type": "null"}, "pairwise": square}},
            ],
        },
    ]
    schema["description"] = (
        "ratings: die Prioritäten; swing: Punkte je Kriterium (nicht alle 0); ahp: eine "
        "reziproke Paarvergleichsmatrix (1 auf der Diagonale) über `criteria` bzw. alle "
        "Kriterien / ratings: the priorities; swing: points per criterion (not all 0); ahp: a "
        "reciprocal pairwise matrix (1 on the diagonal) over `criteria` or all criteria"
    )
