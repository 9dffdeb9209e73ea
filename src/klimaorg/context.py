"""What the interfaces share: the knowledge base and municipality directory chosen by settings."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from klimaorg.directory import Directory, default_cache_path, load
from klimaorg.knowledge import KnowledgeBase, load_knowledge
from klimaorg.settings import get_settings


def current_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, or the folder named by ``KLIMAORG_KNOWLEDGE_DIR``."""
    return load_knowledge(get_settings().knowledge_dir)


def current_directory() -> Directory | None:
    """The imported municipality directory, or ``None`` when none was imported yet."""
    path = _cache_path(os.environ.get("KLIMAORG_DATA_DIR"))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    return _load_directory(path, stamp)


@lru_cache(maxsize=4)
def _cache_path(data_dir: str | None) -> Path:
    """Where the directory cache lies for this data folder (resolved once per folder)."""
    del data_dir  # the cache key: default_cache_path() reads the same variable
    return default_cache_path()


@lru_cache(maxsize=2)
def _load_directory(path: Path, stamp: int) -> Directory:
    """Load once per file version (the stamp makes a re-import visible without a restart)."""
    del stamp
    return load(path)
