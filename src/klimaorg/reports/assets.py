"""What WeasyPrint may load while it lays out a report: the packaged fonts, and nothing else.

The report's HTML holds user text, escaped (:mod:`klimaorg.reports.escape`). Should an element
ever slip through all the same, it must not read the server's files or make it send requests:
WeasyPrint's default fetcher follows ``file:``, ``http(s):``, ``ftp:`` and ``data:`` URLs. The
:class:`AssetFetcher` answers only for an allow-list of files inside the package (resolved to
their real paths: a ``..`` or a symbolic link cannot lead outside) and refuses every other URL,
whatever its scheme. The report needs no ``data:`` URL (its charts are inline SVG) and no remote
resource.

The allow-list holds the KERN font Fira Sans (when the web app's copy is present). A font is
served as TrueType, converted once from WOFF2 and kept in the user's cache: WeasyPrint would
decompress WOFF2 for every document (about 0.2 s per face).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parents[1]
FONT_DIR = PACKAGE_DIR / "web" / "static" / "vendor" / "kern" / "fonts"
FACES = (
    ("fira-sans/FiraSans-Regular.woff2", 400, "normal"),
    ("fira-sans/FiraSans-Italic.woff2", 400, "italic"),
    ("fira-sans/FiraSans-SemiBold.woff2", 600, "normal"),
    ("fira-sans/FiraSans-Bold.woff2", 700, "normal"),
)


class AssetRefusedError(ValueError):
    """A URL the report may not load. WeasyPrint logs it and lays out the page without it."""


@dataclass(frozen=True)
class Asset:
    """A file the report may load: where it lies, its media type and how to read it."""

    path: Path
    media_type: str
    read: Callable[[], bytes]


class AssetFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """A WeasyPrint URL fetcher that serves an allow-list of files below ``root`` only.

    Everything else raises :class:`AssetRefusedError` before any file is opened or any
    connection made: other schemes, other hosts, queries, ``..`` segments, and paths whose real
    location (symbolic links followed) is not an allowed file.
    """

    def __init__(self, assets: Iterable[Asset], root: Path = PACKAGE_DIR) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        real_root = Path(os.path.realpath(root))
        self._assets: dict[Path, Asset] = {}
        for asset in assets:
            real = Path(os.path.realpath(asset.path))
            if not real.is_relative_to(real_root):
                raise ValueError(f"asset {asset.path} lies outside {real_root}")
            self._assets[real] = asset

    @property
    def allowed(self) -> frozenset[Path]:
        """The real paths of the files this fetcher serves."""
        return frozenset(self._assets)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """The allowed file at ``url``, or :class:`AssetRefusedError`."""
        del headers  # nothing is ever requested over a network
        asset = self._assets.get(_local_path(url))
        if asset is None:
            raise AssetRefusedError(f"not a report asset: {url[:200]}")
        return URLFetcherResponse(url, asset.read(), {"Content-Type": asset.media_type})


def _local_path(url: str) -> Path:
    """The real path a plain ``file:`` URL names, or :class:`AssetRefusedError`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise AssetRefusedError("malformed URL") from None
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise AssetRefusedError(f"only local files may be loaded: {url[:200]}")
    if parts.query or parts.fragment:
        raise AssetRefusedError(f"a file URL with query or fragment: {url[:200]}")
    path = url2pathname(parts.path)  # undoes percent-encoding too
    if "\x00" in path or not Path(path).is_absolute() or ".." in Path(path).parts:
        raise AssetRefusedError(f"not a plain absolute path: {url[:200]}")
    return Path(os.path.realpath(path))


# ----------------------------------------------------------------------------- fonts


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "klimaorg" / "fonts"


def _as_ttf(woff2: Path) -> Path:
    """A TrueType copy of a WOFF2 font, made once and kept in the user's cache (the WOFF2 file
    itself when the cache is not writable)."""
    stat = woff2.stat()
    target = _cache_dir() / f"{woff2.stem}-{stat.st_size}-{int(stat.st_mtime)}.ttf"
    if target.exists():
        return target
    try:
        from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(woff2))
        font.flavor = None
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)
    except (OSError, ImportError):
        return woff2
    return target


@cache
def _font_bytes(woff2: Path) -> bytes:
    """The font's bytes, read once per process (TrueType when the conversion worked)."""
    return _as_ttf(woff2).read_bytes()


def _font_asset(woff2: Path) -> Asset:
    return Asset(woff2, "font/ttf", lambda: _font_bytes(woff2))


def font_assets() -> list[tuple[Asset, int, str]]:
    """``(asset, weight, style)`` of every packaged face that is present."""
    return [
        (_font_asset(FONT_DIR / name), weight, style)
        for name, weight, style in FACES
        if (FONT_DIR / name).exists()
    ]


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    """The ``@font-face`` rules of the packaged fonts (their ``file:`` URLs, percent-encoded)."""
    return "\n".join(
        f'@font-face {{ font-family: "Fira Sans"; src: url("{asset.path.as_uri()}");'
        f" font-weight: {weight}; font-style: {style}; }}"
        for asset, weight, style in font_assets()
    )


@lru_cache(maxsize=1)
def report_fetcher() -> AssetFetcher:
    """The fetcher every PDF is laid out with: the packaged fonts, nothing else."""
    return AssetFetcher(asset for asset, _weight, _style in font_assets())


@lru_cache(maxsize=1)
def ttf_font_files() -> tuple[str, ...]:
    """The packaged faces as TrueType files (for drawing the charts as pictures: resvg reads
    no WOFF2); empty when the fonts are absent or the cache cannot be written."""
    files = (_as_ttf(asset.path) for asset, _weight, _style in font_assets())
    return tuple(str(path) for path in files if path.suffix == ".ttf")
