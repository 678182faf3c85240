"""The shop pages' own script and style."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter

from bot.web.static_files import files_router

STATIC = Path(__file__).resolve().parent / "static"
HEADERS = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}


def assets_router() -> APIRouter:
    return files_router(STATIC, ("shop.js", "shop.css"), prefix="/assets", headers=HEADERS)
