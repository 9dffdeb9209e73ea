"""Loaded once by the report workers' fork server, so that no user waits for it.

Importing this module loads what every worker would otherwise load on its first report: the
corrected German hyphenation dictionary for the org charts' boxes and the report's title (one
to two seconds), the typesetter, and the fonts as TrueType (converted once per installation).
The workers are forked from the server process after this import and share all of it.
"""

from __future__ import annotations

import typst  # noqa: F401  # the typesetter's library, loaded once for every worker

from klimaorg.i18n import hyphenate
from klimaorg.reports.assets import ttf_font_files
from klimaorg.reports.hyphenation import syllables

for lang in ("de", "en"):
    syllables("Klimaschutzmanagement", lang)  # the corrected dictionary first: shared below
    hyphenate("Klimaschutzmanagement", lang)
ttf_font_files()
