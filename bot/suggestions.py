"""Suggestions as the bot, the web app and the CLI ask for them: the request plus what the shop knows.

``recommender.ranking.suggest`` takes the index, encoder, profile and signals as arguments; this is the one
place that fetches them from the running services, and the one place that decides whether a shopper sees
them at all or, in the holdout group, the shop's popular products instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.identity import CONVERSATION_PREFIX
from bot.services import Services
from recommender.feedback.holdout import CONTROL, OUTSIDE, PERSONALIZED, holdout_group, stable_id
from recommender.ranking import Suggestions, SuggestRequest, popular, suggest
from recommender.shoppers.profile import Profile


def profile_for(services: Services, shopper_id: str | None) -> Profile | None:
    if not shopper_id:
        return None
    with services.sessions() as session:
        return services.profiles.get(session, shopper_id, services.live_segments.get())


def experiment_group(services: Services, shopper_id: str | None) -> str:
    """The shopper's group: CONTROL (popular products), PERSONALIZED, or OUTSIDE the experiment when there is
    no shopper the shop can follow (none, or a conversation standing in for one: no click or order can ever be
    traced to it)."""
    if not shopper_id or shopper_id.startswith(CONVERSATION_PREFIX):
        return OUTSIDE
    settings = services.settings
    if settings.holdout_share <= 0:
        return PERSONALIZED  # no holdout: no need to look the shopper up
    with services.sessions() as session:
        stable = stable_id(session, shopper_id)
    return holdout_group(stable, settings.holdout_share, settings.holdout_salt)


def suggest_for(services: Services, request: SuggestRequest, *, as_of: datetime | None = None,
                profile: Profile | None = None, group: str | None = None) -> Suggestions:
    """``suggest`` on the live index, with the shopper's cached profile (unless given) and the shop's current
    signals; for a shopper in the control group, the most popular products that meet the same constraints.

    ``group`` is the shopper's :func:`experiment_group` when the caller already has it (it records it).
    """
    group = group or experiment_group(services, request.shopper_id)
    when = as_of or datetime.now(UTC)
    if group == CONTROL:
        return popular(request, index=services.live_index.get(), encoder=services.encoder,
                       signals=services.signals.get(), as_of=when)
    return suggest(request, index=services.live_index.get(), encoder=services.encoder,
                   profile=profile or profile_for(services, request.shopper_id), signals=services.signals.get(),
                   as_of=when)
