"""Suggestions as the bot, the web app and the CLI ask for them: the request plus what the shop knows.

``recommender.ranking.suggest`` takes the index, encoder, profile and signals as arguments; this is the one
place that fetches them from the running services.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services import Services
from recommender.ranking import Suggestions, SuggestRequest, suggest
from recommender.shoppers.profile import Profile


def profile_for(services: Services, shopper_id: str | None) -> Profile | None:
    if not shopper_id:
        return None
    with services.sessions() as session:
        return services.profiles.get(session, shopper_id, services.live_segments.get())


def suggest_for(services: Services, request: SuggestRequest, *, as_of: datetime | None = None,
                profile: Profile | None = None) -> Suggestions:
    """``suggest`` on the live index, with the shopper's cached profile (unless given) and the shop's current
    signals."""
    return suggest(request, index=services.live_index.get(), encoder=services.encoder,
                   profile=profile or profile_for(services, request.shopper_id), signals=services.signals.get(),
                   as_of=as_of or datetime.now(UTC))
