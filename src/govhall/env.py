"""Typed readers for environment variables. Each fails loudly on a value it cannot parse.

Every variable GovHall reads is read through one of these, at the place it is used in settings.py, and listed in
.env.example.
"""

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """An environment variable has a value GovHall cannot use."""


def _raw(name: str) -> str | None:
    """The variable's value; NAME_FILE names a file holding it (for secrets mounted as files)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    value = os.environ.get(name)
    return value if value not in (None, "") else None


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean (use true/false)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigError(f"{name}={value!r} is not a whole number") from exc
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name}={number} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_fernet_keys(name: str) -> list[str]:
    """A comma-separated list of Fernet keys (32 bytes, URL-safe base64), the first one newest; each is checked here
    so a malformed key fails at start, not when the first value is read."""
    from cryptography.fernet import Fernet

    keys = env_list(name, [])
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError as exc:
            raise ConfigError(
                f"{name}: key {position} is not a Fernet key (32 bytes in URL-safe base64); generate one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`'
            ) from exc
    return keys


def env_hmac_keys(name: str, *, minimum_length: int = 32) -> list[bytes]:
    """A comma-separated list of HMAC keys, the first one newest, each at least `minimum_length` characters."""
    keys = env_list(name, [])
    for position, key in enumerate(keys, start=1):
        if len(key) < minimum_length:
            raise ConfigError(
                f"{name}: key {position} has {len(key)} characters, at least {minimum_length} are needed; generate "
                'one with `python -c "import secrets; print(secrets.token_urlsafe(32))"`'
            )
    return [key.encode() for key in keys]


# The development secrets: fixed, public values used only when DEBUG is on (and by the test suite, which never starts
# a server). They are derived from a constant, never from SECRET_KEY or from one another.
DEVELOPMENT_SECRET = "govhall-development-only-not-secret"  # noqa: S105 - public by design


def development_key(purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"govhall", info=purpose.encode()).derive(
        DEVELOPMENT_SECRET.encode()
    )
