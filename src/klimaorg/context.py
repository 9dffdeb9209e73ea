"""What the interfaces share: the knowledge base chosen by the settings."""

from __future__ import annotations

from klimaorg.knowledge import KnowledgeBase, load_knowledge
from klimaorg.settings import get_settings


def current_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, or the folder named by ``KLIMAORG_KNOWLEDGE_DIR``."""
    return load_knowledge(get_settings().knowledge_dir)
