"""The packaged fonts for the PDF and the charts drawn as pictures.

The report uses the KERN font Fira Sans that the web app ships (after ``make assets``). Typst,
which sets the PDF, and resvg, which draws the charts for the Word report, read TrueType, not
the web's WOFF2: each face is converted once with fontTools and kept in the user's cache, under
a name that changes with the file's size and date, so an updated font is converted again.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
FONT_DIR = PACKAGE_DIR / "web" / "static" / "vendor" / "kern" / "fonts"
FACES = (
    "fira-sans/FiraSans-Regular.woff2",
    "fira-sans/FiraSans-Italic.woff2",
    "fira-sans/FiraSans-SemiBold.woff2",
    "fira-sans/FiraSans-Bold.woff2",
)


def _cache_dir(faces: list[Path]) -> Path:
    """The cache folder of this set of faces: its name changes with any face's size or date,
    so an updated font is converted again, and it holds these faces only (Typst reads every
    font in the folders it is given)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    signature = hashlib.sha256(
        "\n".join(
            f"{face.name} {face.stat().st_size} {face.stat().st_mtime_ns}" for face in faces
        ).encode()
    ).hexdigest()[:16]
    return Path(base) / "klimaorg" / "fonts" / signature


def _as_ttf(woff2: Path, folder: Path) -> Path | None:
    """A TrueType copy of a WOFF2 font in ``folder``, made once (None when fontTools is
    missing or the cache is not writable)."""
    target = folder / f"{woff2.stem}.ttf"
    if target.exists():
        return target
    try:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        folder.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(woff2))
        font.flavor = None
        partial = folder / f"{woff2.stem}.{os.getpid()}.tmp"
        font.save(str(partial))
        partial.replace(target)
    except (OSError, ImportError):
        return None
    return target


def present_faces() -> list[Path]:
    """The packaged faces (WOFF2) that are present: none before ``make assets``."""
    return [FONT_DIR / name for name in FACES if (FONT_DIR / name).exists()]


@lru_cache(maxsize=1)
def ttf_font_files() -> tuple[str, ...]:
    """The packaged faces as TrueType files (Typst and resvg read no WOFF2), all in one folder
    of their own; empty when the fonts are absent or the cache cannot be written."""
    faces = present_faces()
    if not faces:
        return ()
    folder = _cache_dir(faces)
    files = [_as_ttf(face, folder) for face in faces]
    return tuple(str(path) for path in files if path is not None)
