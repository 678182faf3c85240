"""``outfitter tokens``: the staff tokens in force, for configuring the consoles and the shop's servers."""

from __future__ import annotations

import typer

from bot.cli.console import out
from bot.keys import Role
from bot.services import Services


def command(role: Role | None = typer.Option(None, "--role", help="Print only this role's token.")) -> None:
    """Print each staff role's bearer token (set OUTFITTER_<ROLE>_TOKEN to choose your own)."""
    tokens = Services().keys.tokens
    if role is not None:
        out.print(tokens[role], highlight=False)
        return
    for name, token in tokens.items():
        out.print(f"{name:<13} {token}", highlight=False)
