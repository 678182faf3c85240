"""The shop's keys: the secret that signs shopper sessions and one bearer token per staff role.

Each comes from its ``OUTFITTER_*`` setting when set (production: from the environment or a secrets
manager). Otherwise it is generated once and kept in ``OUTFITTER_HOME/keys.json`` (mode 0600), so the web
app, the action server and the CLI of one home agree without any set-up, and two homes never share keys.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import SecretStr


class Role(StrEnum):
    """Who a staff token speaks for."""

    SHOP = "shop"  # the shop's own servers: events for any shopper, signed sessions for signed-in customers
    SUPPORT = "support"  # the support console: cases and the profiles behind them
    MERCHANDISER = "merchandiser"  # the merchandiser console: catalog, index and segments


KEYS_FILE = "keys.json"
NAMES = ("session_secret", "rasa_token", *(f"{role}_token" for role in Role))


@dataclass(frozen=True)
class Keys:
    session_secret: str
    rasa_token: str  # Rasa's HTTP API (trackers are transcripts): for the shop's own services only
    tokens: dict[Role, str]

    def role_of(self, token: str) -> Role | None:
        """The role a bearer token grants; compared in constant time so timing reveals nothing."""
        found = None
        for role, expected in self.tokens.items():
            if hmac.compare_digest(token.encode(), expected.encode()):
                found = role
        return found


def _generated(path: Path) -> dict[str, str]:
    """The home's generated keys, creating the file on first use.

    Two processes starting at once (the web app and the action server) must end with the same keys: the
    file is written aside and linked into place, which fails for the second writer, who reads the first's.
    """
    if path.exists():
        known = json.loads(path.read_text())
        if all(name in known for name in NAMES):
            return known
        # A home from before a key existed: add the missing ones, keeping the rest.
        fresh = known | {name: secrets.token_urlsafe(32) for name in NAMES if name not in known}
        _write_private(path, fresh, replace=True)
        return fresh
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_private(path, {name: secrets.token_urlsafe(32) for name in NAMES}, replace=False)
    return json.loads(path.read_text())


def _write_private(path: Path, keys: dict[str, str], *, replace: bool) -> None:
    """Write ``keys`` aside with mode 0600, then move them into place (or link, so a file that appeared in
    the meantime wins)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(keys, handle, indent=2)
    try:
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def load_keys(home: Path, configured: dict[str, SecretStr | None]) -> Keys:
    """The keys in force: each configured one, else the home's generated one."""
    values = {name: secret.get_secret_value() for name, secret in configured.items() if secret is not None}
    if any(name not in values for name in NAMES):
        generated = _generated(home / KEYS_FILE)
        values = {name: values.get(name) or generated[name] for name in NAMES}
    return Keys(session_secret=values["session_secret"], rasa_token=values["rasa_token"],
                tokens={role: values[f"{role}_token"] for role in Role})
