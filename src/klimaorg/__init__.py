"""KlimaOrg: decision support for organising municipal climate protection management.

Layers, arrows pointing one way:
``knowledge`` (reviewed data + strict loader) → ``engine`` (generic decision maths) →
``advisor`` (domain service) → interfaces (``cli``, ``web``) beside ``storage`` and ``reports``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("klimaorg")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
