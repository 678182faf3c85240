"""The support policy file (``policy.yml`` beside this module, or the file ``OUTFITTER_SUPPORT_POLICY`` names):
its schema, its loading with errors that name the field, and a holder that picks up a support lead's edits."""

from __future__ import annotations

import logging
import threading
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.support.models import EXCHANGE, PAID, PLACED, REFUND

DEFAULT_POLICY = Path(__file__).resolve().parent / "policy.yml"
MAX_DAYS = 3650  # ten years: a longer window is a typo (days typed where months were meant, or a year)
MAX_MONTHS = 1200  # the catalog's bound for warranty_months: 100 years covers "lifetime"

log = logging.getLogger("outfitter.support")

Days = Annotated[int, Field(strict=True, ge=0, le=MAX_DAYS)]
Words = Annotated[str, Field(min_length=1, max_length=200)]


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file and each field at fault."""


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReturnRules(_Rules):
    default_days: Days
    days_by_category: dict[str, Days] = {}
    final_sale_categories: list[Words] = []
    accepted_conditions: list[Words] = Field(min_length=1)
    any_condition_reasons: list[Words] = []
    resolutions: list[Literal["refund", "exchange"]] = Field(default=[REFUND, EXCHANGE], min_length=1)

    @field_validator("days_by_category")
    @classmethod
    def _category_keys(cls, value: dict[str, int]) -> dict[str, int]:
        return {_key(category): days for category, days in value.items()}

    @field_validator("final_sale_categories", "any_condition_reasons")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        return [_key(item) for item in value]

    def days_for(self, category: str | None) -> int:
        return self.days_by_category.get(_key(category), self.default_days) if category else self.default_days

    def is_final_sale(self, category: str | None) -> bool:
        return category is not None and _key(category) in self.final_sale_categories

    def any_condition(self, reason: str | None) -> bool:
        return reason is not None and _key(reason) in self.any_condition_reasons


class WarrantyRules(_Rules):
    default_months: int = Field(strict=True, ge=0, le=MAX_MONTHS)
    accepted_conditions: list[Words] = Field(min_length=1)


class CancellationRules(_Rules):
    # Delivered or cancelled orders cannot be cancelled by any policy: the first is a return, the second done.
    allowed_statuses: list[Literal["placed", "paid", "shipped"]] = [PLACED, PAID]

    def allows(self, status: str) -> bool:
        return status in self.allowed_statuses


class SupportPolicy(_Rules):
    """Return windows, final sale, conditions, resolutions, warranty and cancellation, as the shop sets them."""

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    timezone: str = "UTC"
    conditions: dict[str, Words] = Field(min_length=1)
    returns: ReturnRules
    warranty: WarrantyRules
    cancellation: CancellationRules = CancellationRules()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use a name such as Europe/Berlin or UTC)") from None
        return value

    @model_validator(mode="after")
    def _conditions_are_defined(self) -> SupportPolicy:
        for field, named in (("returns.accepted_conditions", self.returns.accepted_conditions),
                             ("warranty.accepted_conditions", self.warranty.accepted_conditions)):
            if unknown := [c for c in named if c not in self.conditions]:
                raise ValueError(f"{field}: {', '.join(map(repr, unknown))} not among the conditions "
                                 f"({', '.join(self.conditions)})")
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def condition_text(self, condition: str) -> str:
        """The words for a condition key; raises ValueError naming the known keys for any other."""
        if condition not in self.conditions:
            raise ValueError(f"unknown condition {condition!r}: the policy knows {', '.join(self.conditions)}")
        return self.conditions[condition]


def _where(error: Any) -> str:
    return ".".join(str(part) for part in error["loc"])


def parse_policy(data: object, source: str) -> SupportPolicy:
    """Validate a parsed policy document.

    Raises:
        PolicyError: naming ``source`` and each field at fault.
    """
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise PolicyError(f"{source}: expected the policy's fields ({', '.join(SupportPolicy.model_fields)}), "
                          f"got {got}")
    try:
        return SupportPolicy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
            message = message.removeprefix("Value error, ")
            where = _where(error)
            problems.append(f"{where}: {message}" if where else message)
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None


def load_policy(path: Path | None = None) -> SupportPolicy:
    """The policy in ``path``, or the shipped default when it is None.

    Raises:
        PolicyError: the file cannot be read, is not YAML, or breaks a rule (the field is named).
    """
    path = path or DEFAULT_POLICY
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot be read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    return parse_policy(data, str(path))


class LivePolicy:
    """The policy as the file says now: read again when the file changes, so an edit needs no restart.

    A broken edit is logged and the last good policy stays in force, so a typo cannot stop the support desk.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DEFAULT_POLICY
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._policy: SupportPolicy | None = None

    def current(self) -> SupportPolicy:
        """The policy in force.

        Raises:
            PolicyError: the file has never been readable; later failures keep the last good policy.
        """
        with self._lock:
            try:
                stat = self.path.stat()
                stamp = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                stamp = None
            if self._policy is None or stamp != self._stamp:
                try:
                    self._policy = load_policy(self.path)
                except PolicyError:
                    if self._policy is None:
                        raise
                    log.exception("the support policy was not reloaded; the last good one stays in force")
                self._stamp = stamp
            return self._policy
