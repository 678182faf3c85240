"""Settings, read from ``OUTFITTER_*`` environment variables and an optional ``.env`` file."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything a deployment can change without touching code."""

    model_config = SettingsConfigDict(env_prefix="OUTFITTER_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("var"), description="Folder that holds all local state.")
    database_url: str | None = Field(
        default=None, description="App database; default: SQLite file in OUTFITTER_HOME."
    )
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="Sentence-transformers model: the packaged all-MiniLM-L6-v2 or a local folder.",
    )
    embedding_batch_size: int = Field(default=64, ge=1)
    encoder_backend: Literal["onnx", "torch"] = Field(
        default="onnx", description="onnx: the model exported once and run by onnxruntime; torch: as shipped."
    )
    query_precision: Literal["int8", "float32"] = Field(
        default="int8", description="onnx only: a shopper's words are encoded by an int8 copy of the model (about "
                                    "2.5x faster, cosine 0.99 to float32); products are always encoded in float32.")
    model_cache: Path | None = Field(
        default=None, description="Where the ONNX export is cached; default ~/.cache/outfitter/onnx."
    )
    index_type: Literal["flat", "ivf", "hnsw"] = Field(
        default="flat", description="flat is exact; ivf and hnsw are approximate, for large catalogs."
    )
    index_keep: int = Field(default=5, ge=2, description="Index versions kept on disk for rollback.")
    rasa_port: int = 5005
    rasa_url: str | None = Field(default=None, description="Rasa's HTTP API as the web app reaches it; "
                                                           "default http://127.0.0.1:<rasa_port>.")
    rasa_public_url: str | None = Field(
        default=None, description="Rasa's socket.io channel as shoppers' browsers reach it (the chat widget); "
                                  "default: the host the shop page was served from, on rasa_port.")
    rasa_turns_at_once: int = Field(default=6, ge=1, le=1000, description="Turns each Rasa server works on at "
                                    "once; later ones wait first come, first served (bot/rasa_turn_queue.py).")
    actions_port: int = 5055
    web_port: int = 8000
    # Production mode (`outfitter run --production`): see docs/production.md.
    redis_url: str | None = Field(default=None, description="Redis for Rasa's lock store, e.g. "
                                                            "redis://127.0.0.1:6379/0; required in production.")
    tracker_url: str | None = Field(default=None, description="Rasa's tracker store database in production; "
                                                              "default: the app database.")
    balancer_port: int = Field(default=8080, description="Where nginx listens in production: the shop, the "
                                                         "chat's REST and socket.io channels, the consoles.")
    chat_on_shop_origin: bool = Field(default=False, description="The chat's socket.io is served on the shop "
                                      "page's own origin (by the balancer); production mode sets it.")
    index_root: Path | None = Field(default=None, description="Where index versions are published; on "
                                    "several machines, storage every node mounts. Default OUTFITTER_HOME/index.")
    rasa_venv: Path = Field(default=PROJECT_ROOT / ".venv-rasa", description="Python 3.10 venv with Rasa.")
    # Keys: unset ones are generated once into OUTFITTER_HOME/keys.json (see bot/keys.py).
    session_secret: SecretStr | None = Field(default=None, description="Signs shopper sessions.")
    shop_token: SecretStr | None = Field(default=None, description="Bearer token of the shop's own servers.")
    support_token: SecretStr | None = Field(default=None, description="Bearer token of the support console.")
    merchandiser_token: SecretStr | None = Field(default=None, description="Bearer token of the merchandisers.")
    rasa_token: SecretStr | None = Field(default=None, description="Token of Rasa's HTTP API (its trackers).")
    session_days: int = Field(default=90, ge=1, le=400, description="How long a shopper session stays valid.")
    cookie_secure: bool = Field(default=False, description="Send the session cookie over HTTPS only.")
    support_policy: Path | None = Field(
        default=None, description="The support policy YAML (returns, warranty, cancellation); "
                                  "default: the shipped bot/support/policy.yml."
    )
    upload_max_mb: int = Field(default=100, ge=1, le=10_000,
                               description="Largest catalog file the merchandiser console accepts, in MB.")
    events_rate: int = Field(default=120, ge=0, description="Events a minute one browser (its session, else its "
                                                            "address) may send to POST /api/events; 0: no limit.")
    events_burst: int = Field(default=240, ge=1, le=1000, description="Events a browser may send at once before "
                                                                      "the rate applies.")
    events_shop_rate: int = Field(default=0, ge=0, description="Events a minute the shop's servers (shop token) "
                                                               "may send; 0: no limit.")
    demo_shoppers: bool = Field(default=True, description="On a first run of the demo catalog, load the demo shop's "
                                                          "shoppers and their history.")
    holdout_share: float = Field(default=0.1, ge=0, le=1, description="Share of shoppers shown popular products "
                                                                      "instead of personalized ones; 0: none.")
    holdout_salt: str = Field(default="outfitter-holdout-1", min_length=1, description="Mixed into the hash that "
                              "assigns groups; a new salt draws new groups.")

    @cached_property
    def home_dir(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def rasa_api(self) -> str:
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home_dir / 'outfitter.db'}"

    @property
    def index_dir(self) -> Path:
        return self.index_root.expanduser().resolve() if self.index_root else self.home_dir / "index"

    @property
    def segments_dir(self) -> Path:
        return self.home_dir / "segments"

    @property
    def log_dir(self) -> Path:
        return self.home_dir / "logs"

    @property
    def uploads_dir(self) -> Path:
        """Catalog files uploaded to the console, each kept only while its import runs."""
        return self.home_dir / "uploads"

    @property
    def models_dir(self) -> Path:
        return PROJECT_ROOT / "models"


def setting_errors(error: ValidationError) -> list[str]:
    """One line per refused setting, named as it is set (``OUTFITTER_QUERY_PRECISION``), with the value given;
    never the value of a secret or of a URL, which can hold a password."""
    lines = []
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else ""
        field = Settings.model_fields.get(name)
        private = name.endswith("_url") or (field is not None and "SecretStr" in str(field.annotation))
        given = "" if private else f" (got {problem.get('input')!r})"
        lines.append(f"OUTFITTER_{name.upper()}: {problem['msg']}{given}")
    return lines
