"""Salted hashes of e-mails, user ids, profile URLs and IPs: identity evidence that never shows the value.

The salt comes from MODERATION_SALT, else from a random salt kept in the user's data directory, so
keys agree across runs on one machine but cannot be reversed by a dictionary of common e-mails.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from functools import cache, lru_cache
from pathlib import Path

# Strongest first: the kind that names the author_key when a comment has several.
KEY_KINDS = ("user_id", "email", "profile_url", "ip")


@lru_cache(maxsize=1)
def _salt() -> bytes:
    configured = os.environ.get("MODERATION_SALT")
    if configured:
        return configured.encode("utf-8")
    salt_file = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "moderation" / "salt"
    try:
        return salt_file.read_bytes().strip() or _new_salt(salt_file)
    except OSError:
        return _new_salt(salt_file)


def _new_salt(salt_file: Path) -> bytes:
    salt = secrets.token_hex(16).encode("ascii")
    try:
        salt_file.parent.mkdir(parents=True, exist_ok=True)
        salt_file.write_bytes(salt)
    except OSError:
        pass  # A read-only home still gets keys that agree within this run.
    return salt


def normalise(kind: str, value: str) -> str:
    value = value.strip()
    if kind in ("email", "profile_url"):
        value = value.lower().rstrip("/")
    return value


@cache
def _salted(kind: str):
    """A sha256 already fed the salt and kind: each value then costs one copy and one update."""
    return hashlib.sha256(_salt() + b"\0" + kind.encode() + b"\0")


# Values exports write where they have none (a guest's user id 0, a local IP, the unspecified address
# Isso and other importers write for a reader whose IP they dropped): never a key.
PLACEHOLDER_VALUES = ("0", "127.0.0.1", "0.0.0.0")


def hash_identity(kind: str, value: str) -> str:
    """A short stable key for one identity value, e.g. 'email:3f9a0c1d2e4b5a69'."""
    digest = _salted(kind).copy()
    digest.update(normalise(kind, value).encode("utf-8"))
    return f"{kind}:{digest.hexdigest()[:16]}"


def identity_keys(**values: str | None) -> dict[str, str]:
    """Hash every non-empty value given by kind (user_id=..., email=..., ip=...)."""
    keys = {}
    for kind in KEY_KINDS:
        value = values.get(kind)
        if value is not None and str(value).strip() and str(value).strip() not in PLACEHOLDER_VALUES:
            keys[kind] = hash_identity(kind, str(value))
    return keys


def user_id_keys(value: str) -> dict[str, str]:
    """`identity_keys(user_id=value)` for a string, without the general path over every kind: the
    Reddit parser hashes each new reader of a dump with a million comments."""
    stripped = value.strip()
    if not stripped or stripped in PLACEHOLDER_VALUES:
        return {}
    return {"user_id": hash_identity("user_id", stripped)}


def primary_key(keys: dict[str, str]) -> str | None:
    """The strongest of a comment's identity keys, used as its author_key."""
    for kind in KEY_KINDS:
        if kind in keys:
            return keys[kind]
    return None
