"""The shop's words reach the model: lookup tables of the live catalog in the home, and when a retrain is due.

The NLU model is trained once on the project's data, whose lookup tables (``data/nlu/lookups.yml``) hold the
demo catalog's words and our general vocabulary of what shops sell. A shop that imports its own catalog brings
brands, colours and product types of its own. After each import the tables are rebuilt from the live catalog
into ``<home>/nlu/lookups.yml``; when they changed, the model is due a retrain, which ``outfitter train`` (and
``outfitter run``, so ``make run``) does on the project's data with the shop's tables in place of the shipped
ones. Until then the bot still works: its actions read the live catalog's vocabulary at every turn, and the
model already knows product words in general. docs/decisions.md, "The shop's vocabulary", says why both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import Engine

from bot.nlu_lookups import LOOKUPS, build_tables, database_values, render
from bot.settings import PROJECT_ROOT, Settings

SHOWN_WORDS = 8  # new words a message names before it says "and N more"


@dataclass(frozen=True)
class VocabularyChange:
    """What an import did to the shop's lookup tables: the words each table gained, and whether the file
    changed (then the model is due a retrain)."""

    changed: bool = False
    new_words: dict[str, list[str]] = field(default_factory=dict)

    def message(self) -> str | None:
        """One line for the merchandiser, or None when nothing changed."""
        if not self.changed:
            return None
        words = sorted({word for entries in self.new_words.values() for word in entries})
        named = ", ".join(words[:SHOWN_WORDS]) + (f" and {len(words) - SHOWN_WORDS} more" if
                                                    len(words) > SHOWN_WORDS else "")
        what = f"new words the bot was not trained on ({named})" if words else "changed words"
        return f"The catalog has {what}: a retrain is due (`outfitter train`; `make run` trains first)."


def shop_lookups(settings: Settings) -> Path:
    return settings.home_dir / "nlu" / "lookups.yml"


def _tables(path: Path) -> dict[str, set[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {item["lookup"]: {line.removeprefix("- ").strip() for line in str(item["examples"]).splitlines()
                             if line.strip()}
            for item in data.get("nlu", []) if "lookup" in item}


def refresh_lookups(settings: Settings, engine: Engine) -> VocabularyChange:
    """Rebuild the shop's lookup tables from the live catalog. Tables equal to what the model was last given
    (the shop's file, else the shipped one) change nothing; an empty catalog leaves the shipped ones."""
    values = database_values(engine)
    if not any(values.values()):
        return VocabularyChange()
    tables = build_tables(values)
    path = shop_lookups(settings)
    before = _tables(path if path.exists() else LOOKUPS)
    if {table: set(entries) for table, entries in tables.items()} == before:
        return VocabularyChange()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(tables, "the live catalog"), encoding="utf-8")
    gained = {table: sorted(set(entries) - before.get(table, set())) for table, entries in tables.items()}
    return VocabularyChange(True, {table: words for table, words in gained.items() if words})


def training_data(settings: Settings) -> list[Path]:
    """What Rasa trains on: the project's data, with the shop's lookup tables in place of the shipped ones
    once the home has them."""
    data = PROJECT_ROOT / "data"
    tables = shop_lookups(settings)
    if not tables.exists():
        return [data]
    files = [path for path in sorted(data.rglob("*.yml")) if path.resolve() != LOOKUPS.resolve()]
    return [*files, tables]


def retrain_due(settings: Settings, models_dir: Path | None = None) -> bool:
    """Whether the shop's lookup tables are newer than the newest model in ``models_dir`` (the settings' by
    default), or there is no model yet."""
    tables = shop_lookups(settings)
    if not tables.exists():
        return False
    models = list((models_dir or settings.models_dir).glob("*.tar.gz"))
    return not models or tables.stat().st_mtime > max(model.stat().st_mtime for model in models)
