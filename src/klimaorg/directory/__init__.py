"""The official municipality directory (Destatis GV100AD): parser, in-memory index, cache.

Entry points for other layers: :class:`Directory` (``resolve``, ``candidates``, ``search``,
``get``), :func:`load` / :func:`default_cache_path` to get the imported directory, and the
record types with their :class:`Kind`.
"""

from klimaorg.directory.cache import DirectoryCacheError, default_cache_path, load, save
from klimaorg.directory.directory import (
    USER_KINDS,
    AmbiguousNameError,
    Directory,
    NameNotFoundError,
)
from klimaorg.directory.parser import DirectoryFormatError, parse_file, parse_lines
from klimaorg.directory.records import (
    GEMEINDE_TYPES,
    KREIS_TYPES,
    SIZE_CLASSES,
    VERBAND_TYPES,
    Entity,
    Gemeindeverband,
    Kind,
    Kreis,
    Land,
    Municipality,
    Record,
    Regierungsbezirk,
    Region,
    SizeClass,
    size_class,
)

__all__ = [
    "GEMEINDE_TYPES",
    "KREIS_TYPES",
    "SIZE_CLASSES",
    "USER_KINDS",
    "VERBAND_TYPES",
    "AmbiguousNameError",
    "Directory",
    "DirectoryCacheError",
    "DirectoryFormatError",
    "Entity",
    "Gemeindeverband",
    "Kind",
    "Kreis",
    "Land",
    "Municipality",
    "NameNotFoundError",
    "Record",
    "Regierungsbezirk",
    "Region",
    "SizeClass",
    "default_cache_path",
    "load",
    "parse_file",
    "parse_lines",
    "save",
    "size_class",
]
