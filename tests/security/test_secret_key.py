"""Production refuses a guessable secret key or a key file others can read (penetration test,
issue "accounts": ``"a" * 32`` and a world-readable key file were accepted without a word).

``KLIMAORG_ENVIRONMENT=production``: the key (``KLIMAORG_SECRET_KEY`` or the generated file)
must reach zxcvbn's estimate of 10^25 guesses, the key file must be mode 0600; otherwise
``klimaorg serve`` prints one line and exits with 2 (no traceback) and the app does not start.
Development (the default) only warns about the file's mode.
"""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from klimaorg.errors import KlimaOrgError
from klimaorg.settings import Settings
from klimaorg.web.auth import SECRET_FILE, load_secret_key

WEAK_KEYS = [
    "a" * 32,
    "abcdefghijklmnopqrstuvwxyz012345",
    "0123456789abcdef" * 2,
    "passwordpasswordpasswordpassword",
    "test-secret-key-" + "x" * 32,
    "correct horse battery staple xyz",
]
#: Random keys of each recommended kind, made inside the test (stable test ids under xdist).
STRONG_KINDS = {
    "token_urlsafe(48)": lambda: secrets.token_urlsafe(48),
    "token_urlsafe(24)": lambda: secrets.token_urlsafe(24),
    "token_hex(16)": lambda: secrets.token_hex(16),
    "token_hex(32)": lambda: secrets.token_hex(32),
}


def production(tmp_path: Path, key: str | None = None) -> Settings:
    return Settings(
        environment="production",
        data_dir=tmp_path,
        secret_key=SecretStr(key) if key is not None else None,
    )


@pytest.mark.parametrize("key", WEAK_KEYS)
def test_guessable_key_is_refused_in_production(tmp_path: Path, key: str) -> None:
    with pytest.raises(KlimaOrgError, match="KLIMAORG_SECRET_KEY: Schlüssel zu leicht zu erraten"):
        load_secret_key(production(tmp_path, key))
    assert load_secret_key(Settings(data_dir=tmp_path, secret_key=SecretStr(key))) == key  # dev


@pytest.mark.parametrize("kind", STRONG_KINDS)
def test_random_key_is_accepted_in_production(tmp_path: Path, kind: str) -> None:
    for _ in range(20):  # 128 bits and more: accepted every time, not by luck
        key = STRONG_KINDS[kind]()
        assert load_secret_key(production(tmp_path, key)) == key


def test_generated_key_file_is_private_and_accepted_in_production(tmp_path: Path) -> None:
    key = load_secret_key(production(tmp_path))
    path = tmp_path / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secret_key(production(tmp_path)) == key


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_readable_key_file_is_refused_in_production_and_warned_about_otherwise(
    tmp_path: Path, mode: int, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / SECRET_FILE
    path.write_text(secrets.token_urlsafe(48) + "\n", encoding="utf-8")
    path.chmod(mode)
    with pytest.raises(KlimaOrgError, match=r"für andere lesbar .*chmod 600"):
        load_secret_key(production(tmp_path))
    with caplog.at_level(logging.WARNING, logger="klimaorg.web.auth"):
        load_secret_key(Settings(data_dir=tmp_path))
    assert any("chmod 600" in r.getMessage() for r in caplog.records)


def test_weak_key_in_the_file_is_refused_in_production(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE
    path.write_text("a" * 40 + "\n", encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(KlimaOrgError, match="Schlüssel zu leicht zu erraten"):
        load_secret_key(production(tmp_path))


def serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KLIMAORG_")},
        "KLIMAORG_DATA_DIR": str(tmp_path),
        "KLIMAORG_ENVIRONMENT": "production",
        "KLIMAORG_PORT": "1",  # never reached: it must stop before binding
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "klimaorg", "serve"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_serve_refuses_a_weak_key_with_one_line_and_exit_2(tmp_path: Path) -> None:
    done = serve(tmp_path, KLIMAORG_SECRET_KEY="a" * 32)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("Fehler: KLIMAORG_SECRET_KEY: Schlüssel zu leicht zu erraten")


def test_serve_refuses_a_world_readable_key_file_with_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / SECRET_FILE
    path.write_text(secrets.token_urlsafe(48) + "\n", encoding="utf-8")
    path.chmod(0o644)
    done = serve(tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert f"{path}: Schlüsseldatei ist für andere lesbar (Modus 644)" in done.stderr
