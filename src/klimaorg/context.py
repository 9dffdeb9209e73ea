"""What the interfaces share: the knowledge base and municipality directory chosen by settings.

Both come from :func:`klimaorg.settings.get_settings` and nothing else: the knowledge base is
the advisor's (:func:`klimaorg.advisor.load_advisor_data`, which honours
``KLIMAORG_KNOWLEDGE_DIR``), so catalogue, advice, reports and workshops read the same one.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from klimaorg.advisor import load_advisor_data
from klimaorg.directory import Directory, default_cache_path, load
from klimaorg.knowledge import KnowledgeBase
from klimaorg.settings import get_settings


def current_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, or the folder named by ``KLIMAORG_KNOWLEDGE_DIR``."""
    return load_advisor_data().knowledge


def current_directory() -> Directory | None:
    """The imported municipality directory, or ``None`` when none was imported yet."""
    path = directory_cache_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _load_directory(path, stamp)


def directory_cache_path() -> Path:
    """Where the imported directory is kept: in the data folder of the settings."""
    return _cache_path(get_settings().data_dir)


@lru_cache(maxsize=4)
def _cache_path(data_dir: Path) -> Path:
    """Where the directory cache lies for this data folder (resolved once per folder)."""
    return default_cache_path(data_dir)


@lru_cache(maxsize=2)
def _load_directory(path: Path, stamp: int) -> Directory:
    """Load once per file version (the stamp makes a re-import visible without a restart)."""
    del stamp
    return load(path)
