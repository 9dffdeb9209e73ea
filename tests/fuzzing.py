"""Property-based testing from the published schemas: one way to set hypothesis up for it.

The advisor, the engine and the whole API are fuzzed with cases that schemathesis draws from
the OpenAPI components. The runs must be repeatable (a failure in CI must fail the same way on
a laptop) and must not trip hypothesis' health checks, which the large generated bodies always
do; both are said once here.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings


def schema_fuzzing(examples: int) -> settings:
    """Hypothesis settings of a repeatable run of ``examples`` schema-drawn cases."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )


def post_operation(path: str, schema: str, schemas: dict[str, Any]) -> Any:
    """The ``POST path`` operation of a one-operation OpenAPI document whose request body is
    the component ``schema`` (of ``schemas``): where schemathesis draws the bodies from."""
    body = {"$ref": f"#/components/schemas/{schema}"}
    document = {
        "openapi": "3.1.0",
        "info": {"title": schema, "version": "1"},
        "paths": {
            path: {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": body}},
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": schemas},
    }
    return schemathesis.openapi.from_dict(document)[path]["POST"]
