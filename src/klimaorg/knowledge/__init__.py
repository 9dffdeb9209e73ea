"""Knowledge layer: the reviewed data files and their strict loader.

>>> from klimaorg.knowledge import load_knowledge
>>> kb = load_knowledge()
>>> kb.model_ids
['fachamt', 'stabsstelle', 'team', 'klimaschutzamt', 'energieagentur', 'stellenteilung']
"""

from klimaorg.knowledge.base import KnowledgeBase, StatementRef
from klimaorg.knowledge.loader import DEFAULT_DIR, configured_knowledge, load_knowledge
from klimaorg.knowledge.profile import criteria_profile
from klimaorg.knowledge.yamlfile import DataFileError

__all__ = [
    "DEFAULT_DIR",
    "DataFileError",
    "KnowledgeBase",
    "StatementRef",
    "configured_knowledge",
    "criteria_profile",
    "load_knowledge",
]
