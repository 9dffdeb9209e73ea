"""The shape every layer exchanges results in: a JSON object as Python data.

One alias for the whole package, so that a reader sees at once that a function takes or gives
what the API sends (strings, numbers, booleans, None, lists and such objects).
"""

from __future__ import annotations

from typing import Any, TypeAlias

Data: TypeAlias = dict[str, Any]
