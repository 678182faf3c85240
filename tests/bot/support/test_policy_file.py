"""The policy file a support lead edits: the shipped default, a file the setting points to, mistakes named by
field, and edits picked up without a restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from bot.settings import Settings
from bot.support.policy_file import DEFAULT_POLICY, LivePolicy, PolicyError, load_policy


def write_policy(path: Path, change: dict[str, object] | None = None, *, section: str | None = None) -> Path:
    data = yaml.safe_load(DEFAULT_POLICY.read_text(encoding="utf-8"))
    if change:
        (data[section] if section else data).update(change)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_shipped_policy() -> None:
    policy = load_policy()
    assert policy.returns.default_days == 30
    assert policy.returns.days_for("Trail Running Shoes") == 60 and policy.returns.days_for(None) == 30
    assert policy.returns.is_final_sale("base layers") and not policy.returns.is_final_sale("fleeces")
    assert policy.warranty.default_months == 24
    assert policy.cancellation.allowed_statuses == ["placed", "paid"]
    assert str(policy.zone) == "Europe/Berlin"


def test_the_setting_points_to_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_policy(tmp_path / "policy.yml", {"default_days": 14}, section="returns")
    monkeypatch.setenv("OUTFITTER_SUPPORT_POLICY", str(path))
    settings = Settings()
    assert settings.support_policy == path
    assert load_policy(settings.support_policy).returns.default_days == 14


@pytest.mark.parametrize(("section", "change", "message"), [
    ("returns", {"default_days": -1}, "returns.default_days: Input should be greater than or equal to 0"),
    ("returns", {"default_days": "30"}, "returns.default_days: Input should be a valid integer"),
    ("returns", {"days_by_category": {"tents": 99999}}, "returns.days_by_category.tents: Input should be less than"),
    ("returns", {"resolutions": ["store credit"]}, "returns.resolutions.0: Input should be 'refund' or 'exchange'"),
    ("returns", {"accepted_conditions": ["mint"]}, "returns.accepted_conditions: 'mint' not among the conditions "
                                                   "(new, worn, used, damaged)"),
    ("warranty", {"defalt_months": 12}, "warranty.defalt_months: unknown field"),
    ("cancellation", {"allowed_statuses": ["delivered"]}, "cancellation.allowed_statuses.0: Input should be"),
    (None, {"timezone": "Mars/Olympus"}, "timezone: unknown time zone 'Mars/Olympus'"),
])
def test_a_mistake_is_refused_naming_the_field(tmp_path: Path, section: str | None, change: dict[str, object],
                                               message: str) -> None:
    path = write_policy(tmp_path / "policy.yml", change, section=section)
    with pytest.raises(PolicyError) as failure:
        load_policy(path)
    assert str(failure.value).startswith(f"{path}: ") and message in str(failure.value)


def test_files_that_are_not_a_policy(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("returns:\n  default_days: [30\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"broken.yml: not valid YAML at line \d"):
        load_policy(broken)
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"empty\.yml: expected the policy's fields .* got an empty file"):
        load_policy(empty)
    with pytest.raises(PolicyError, match=r"missing\.yml: cannot be read"):
        load_policy(tmp_path / "missing.yml")


def test_an_edit_is_picked_up_and_a_broken_one_keeps_the_last_good_policy(tmp_path: Path,
                                                                            caplog: pytest.LogCaptureFixture) -> None:
    path = write_policy(tmp_path / "policy.yml")
    live = LivePolicy(path)
    assert live.current().returns.default_days == 30
    write_policy(path, {"default_days": 45}, section="returns")
    os.utime(path, ns=(1, 2_000_000_000_000_000_000))  # a new modification time, however fast the test runs
    assert live.current().returns.default_days == 45
    path.write_text("returns: [", encoding="utf-8")
    os.utime(path, ns=(1, 3_000_000_000_000_000_000))
    assert live.current().returns.default_days == 45
    assert "the last good one stays in force" in caplog.text
    with pytest.raises(PolicyError):
        LivePolicy(path).current()  # nothing good to fall back on
