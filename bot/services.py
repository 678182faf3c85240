"""The composition root: the parts a process needs, built from :class:`Settings`.

The CLI, the action server and the web app each build one ``Services`` and pass its parts on as
arguments; nothing below reaches for a global.
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine, session_factory
from bot.identity import SessionSigner
from bot.keys import NAMES, Keys, load_keys
from bot.settings import Settings
from bot.support.policy_file import LivePolicy
from bot.support.relay import RasaRelay
from recommender.encoder import Encoder, make_encoder
from recommender.index.live import LiveIndex
from recommender.index.versions import IndexStore
from recommender.ranking.live_signals import LiveSignals
from recommender.shoppers.profile_cache import ProfileCache
from recommender.shoppers.segment_model import LiveSegments, SegmentStore


class Services:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.db_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def keys(self) -> Keys:
        return load_keys(self.settings.home_dir, {name: getattr(self.settings, name) for name in NAMES})

    @cached_property
    def signer(self) -> SessionSigner:
        return SessionSigner(self.keys.session_secret, self.settings.session_days)

    @cached_property
    def index_store(self) -> IndexStore:
        return IndexStore(self.settings.index_dir, keep=self.settings.index_keep)

    @cached_property
    def encoder(self) -> Encoder:
        return make_encoder(self.settings.embedding_model, self.settings.encoder_backend,
                            batch_size=self.settings.embedding_batch_size, cache_dir=self.settings.model_cache,
                            query_precision=self.settings.query_precision)

    @cached_property
    def live_index(self) -> LiveIndex:
        return LiveIndex(self.index_store)

    @cached_property
    def segment_store(self) -> SegmentStore:
        return SegmentStore(self.settings.segments_dir)

    @cached_property
    def live_segments(self) -> LiveSegments:
        return LiveSegments(self.segment_store)

    @cached_property
    def signals(self) -> LiveSignals:
        return LiveSignals(self.sessions)

    @cached_property
    def profiles(self) -> ProfileCache:
        return ProfileCache()

    @cached_property
    def support_policy(self) -> LivePolicy:
        return LivePolicy(self.settings.support_policy)

    @cached_property
    def support_relay(self) -> RasaRelay:
        """Rasa's HTTP API, through which the console's answers reach a conversation open in the widget."""
        return RasaRelay(self.settings.rasa_api, self.keys.rasa_token)
