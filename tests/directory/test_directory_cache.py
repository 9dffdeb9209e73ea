"""The local cache: round trip, atomic replacement, unusable files, default location."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from klimaorg.context import directory_cache_path
from klimaorg.directory import Directory, DirectoryCacheError, default_cache_path, load, save
from klimaorg.directory.cache import CACHE_FILE_NAME
from klimaorg.settings import get_settings


def test_round_trip(small_directory: Directory, tmp_path: Path) -> None:
    path = save(small_directory, tmp_path / "sub" / "cache.json.gz")
    loaded = load(path)
    assert loaded.municipalities == small_directory.municipalities
    assert loaded.kreise == small_directory.kreise
    assert loaded.verbaende == small_directory.verbaende
    assert loaded.lands == small_directory.lands
    assert loaded.reference_date == small_directory.reference_date
    assert loaded.source == "small.txt"
    assert loaded.search("Muenchen") == small_directory.search("Muenchen")
    assert list(tmp_path.glob("sub/.*")) == []  # no temporary file left behind


def test_real_round_trip_is_fast(real_directory: Directory, real_cache: Path) -> None:
    started = time.perf_counter()
    loaded = load(real_cache)
    elapsed = time.perf_counter() - started
    assert loaded.municipalities == real_directory.municipalities
    assert loaded.kreise == real_directory.kreise
    assert elapsed < 1.5  # target 0.5 s; generous for slow CI machines


def test_save_replaces_atomically(small_directory: Directory, tmp_path: Path) -> None:
    path = tmp_path / "cache.json.gz"
    path.write_bytes(b"old")
    save(small_directory, path)
    assert load(path).record_counts() == small_directory.record_counts()


def test_missing_cache(tmp_path: Path) -> None:
    with pytest.raises(DirectoryCacheError, match="kein Gemeindeverzeichnis importiert"):
        load(tmp_path / "nope.json.gz")


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip",
        gzip.compress(b"{not json", mtime=0),
        gzip.compress(b"[]", mtime=0),
        gzip.compress(json.dumps({"format": "klimaorg-gv100ad", "version": 99}).encode(), mtime=0),
        gzip.compress(json.dumps({"format": "klimaorg-gv100ad", "version": 1}).encode(), mtime=0),
    ],
)
def test_unusable_cache(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json.gz"
    path.write_bytes(content)
    with pytest.raises(DirectoryCacheError, match="directory import"):
        load(path)


def test_changed_columns_are_refused(small_directory: Directory, tmp_path: Path) -> None:
    path = save(small_directory, tmp_path / "cache.json.gz")
    document = json.loads(gzip.decompress(path.read_bytes()))
    document["tables"]["municipalities"]["fields"][0] = "gkz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(DirectoryCacheError, match="beschädigt"):
        load(path)


def test_cache_path_follows_the_data_dir_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert default_cache_path(tmp_path) == tmp_path / CACHE_FILE_NAME
    monkeypatch.setenv("KLIMAORG_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()
    try:
        assert directory_cache_path() == tmp_path / "elsewhere" / CACHE_FILE_NAME
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
