"""The NLU report's pure parts: CLINC labels to ours, scores from predictions, Rasa's report and error files
(the support desk's figures among them), paths.

No Rasa here, and no CLINC text either: the utterances below are made up for the tests.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))  # the benchmarks are scripts that import their siblings

import nlu_report
import nlu_support
from nlu_report import FALLBACK, Case, clinc_cases, decline_summary, kind, normalise, read_cv_reports, scores


def test_the_mapped_intents_and_both_fallbacks_are_in_the_domain() -> None:
    declared = {line.strip().removeprefix("- ") for line in (ROOT / "domain.yml").read_text().splitlines()
                if line.startswith("  - ")}
    assert set(nlu_report.CLINC_TO_OURS.values()) <= declared
    assert "out_of_scope" in declared


def test_clinc_splits_become_mapped_out_of_scope_and_other_domain_cases() -> None:
    data = {"test": [["hey you", "greeting"], ["nope", "no"], ["rain tomorrow?", "weather"],
                     ["where's my parcel", "order_status"]],
            "oos_test": [["how tall is a giraffe", "oos"]],
            "train": [["never read", "greeting"]], "oos_train": [["never read", "oos"]]}
    mapped, oos, other = clinc_cases(data)
    assert [(c.expected, c.source) for c in mapped] == [("greet", "greeting"), ("deny", "no"),
                                                        ("order_status", "order_status")]
    assert oos == [Case("how tall is a giraffe", FALLBACK, "oos")]
    assert other == [Case("rain tomorrow?", FALLBACK, "weather")]
    assert "never read" not in {c.text for c in [*mapped, *oos, *other]}  # only the test splits are measured


def test_both_ways_of_declining_count_as_the_fallback() -> None:
    assert normalise("nlu_fallback") == normalise("out_of_scope") == normalise(None) == FALLBACK
    assert normalise("greet") == "greet"
    assert (kind(FALLBACK), kind("thank"), kind("find_product"), kind("warranty_claim")) == (
        "fallback", "small talk", "shopping/support", "shopping/support")


def test_scores_give_recall_precision_f1_and_the_confusions_per_label() -> None:
    expected = ["greet"] * 4 + ["deny"] * 2 + [FALLBACK] * 4
    predicted = ["greet", "greet", "greet", "bot_challenge",
                 "deny", "thank",
                 FALLBACK, FALLBACK, "find_product", "greet"]
    result = scores(expected, predicted, ["greet", "deny", FALLBACK])
    greet = result["greet"]
    assert (greet.n, greet.recall, greet.precision) == (4, 0.75, 0.75)
    assert greet.f1 == pytest.approx(0.75)
    assert greet.confused == [("bot_challenge", 1)]
    assert (result["deny"].recall, result["deny"].precision) == (0.5, 1.0)
    assert result[FALLBACK].recall == 0.5
    assert result[FALLBACK].confused == [("find_product", 1), ("greet", 1)]


def test_a_label_never_predicted_scores_zero_without_a_warning() -> None:
    result = scores(["affirm", "affirm"], ["thank", FALLBACK], ["affirm"])
    assert (result["affirm"].recall, result["affirm"].precision, result["affirm"].f1) == (0.0, 0.0, 0.0)


def test_decline_summary_splits_fallback_grabs_and_names_the_grabbed_domains() -> None:
    cases = [Case(f"t{i}", FALLBACK, source) for i, source in
             enumerate(["weather", "weather", "transfer", "transfer", "timer"])]
    predicted = [FALLBACK, "find_product", "order_status", "find_product", "greet"]
    summary = decline_summary(cases, predicted)
    assert summary["n"] == 5
    assert (summary["fallback"], summary["shopping/support"], summary["small talk"]) == (0.2, 0.6, 0.2)
    assert summary["by_intent"][0] == ("find_product", 2)
    assert summary["by_source"] == [("transfer", 2), ("weather", 1)]  # a small-talk grab is not a shopping grab


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value))


def test_cv_reports_give_intent_and_entity_figures_and_the_weakest_intents(tmp_path: Path) -> None:
    def row(f1: float, support: int, **confused: int) -> dict:
        return {"precision": f1, "recall": f1, "f1-score": f1, "support": support, "confused_with": confused}

    write_json(tmp_path / "intent_report.json", {
        "greet": row(0.9, 10), "deny": row(0.5, 6, affirm=3), "thank": row(0.7, 8), "affirm": row(1.0, 5),
        "bot_challenge": row(0.6, 4), "find_product": row(0.4, 20, deny=2), "cheaper": row(0.95, 7),
        "nlu_fallback": row(0.0, 0),  # predicted but never expected: not an intent of the data
        "accuracy": 0.81, "macro avg": row(0.72, 60), "weighted avg": row(0.78, 60)})
    write_json(tmp_path / "DIETClassifier_report.json", {
        "color": row(0.8, 5), "micro avg": row(0.83, 9), "macro avg": row(0.79, 9), "weighted avg": row(0.8, 9)})
    write_json(tmp_path / "response_selection_report.json", {"macro avg": row(0.1, 1)})
    cv = read_cv_reports(tmp_path)
    assert (cv["accuracy"], cv["macro_f1"], cv["weighted_f1"]) == (0.81, 0.72, 0.78)
    assert cv["entities"] == {"DIETClassifier": {"micro_f1": 0.83, "macro_f1": 0.79}}
    assert [name for name, _ in cv["weakest"]] == ["find_product", "deny", "bot_challenge", "thank", "greet"]
    assert "nlu_fallback" not in cv["per_intent"]
    assert cv["support"]["find_product"] == 20


def test_cv_reports_without_entities_have_no_entity_figures(tmp_path: Path) -> None:
    write_json(tmp_path / "intent_report.json", {
        "greet": {"f1-score": 1.0, "support": 3}, "accuracy": 1.0, "macro avg": {"f1-score": 1.0},
        "weighted avg": {"f1-score": 1.0}})
    assert read_cv_reports(tmp_path)["entities"] == {}


def test_the_newest_model_is_taken_and_an_empty_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=str(tmp_path)):
        nlu_report.latest_model(tmp_path)
    old, new = tmp_path / "nlu-old.tar.gz", tmp_path / "nlu-new.tar.gz"
    for age, path in ((200, old), (100, new)):
        path.write_bytes(b"")
        os.utime(path, (path.stat().st_atime - age, path.stat().st_mtime - age))
    assert nlu_report.latest_model(tmp_path) == new
    assert nlu_report.latest_model(old) == old


def test_the_eval_folder_comes_from_the_option_then_the_environment_then_beside_the_checkout() -> None:
    env = {"OUTFITTER_EVAL_DIR": "/data/clinc"}
    assert nlu_report.eval_dir(Path("/opt/x"), env) == Path("/opt/x")
    assert nlu_report.eval_dir(None, env) == Path("/data/clinc")
    assert nlu_report.eval_dir(None, {}) == ROOT.parent / "shared" / "eval" / "clinc150"


def test_a_missing_rasa_eval_set_or_model_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv = tmp_path / "venv-rasa"
    monkeypatch.setenv("OUTFITTER_RASA_VENV", str(venv))
    argv = ["--skip-cv", "--eval", str(tmp_path / "clinc"), "--model", str(tmp_path / "models"),
            "--out", str(tmp_path / "out")]
    with pytest.raises(SystemExit, match=str(venv / "bin" / "rasa")):
        nlu_report.main(argv)
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "rasa").touch()
    with pytest.raises(SystemExit, match=str(tmp_path / "clinc" / "data_full.json")):
        nlu_report.main(argv)
    (tmp_path / "clinc").mkdir()
    write_json(tmp_path / "clinc" / "data_full.json", {"test": [], "oos_test": []})
    with pytest.raises(SystemExit, match=str(tmp_path / "models")):
        nlu_report.main(argv)


def test_the_chart_is_written_with_and_without_cross_validation(tmp_path: Path) -> None:
    clinc = {"greet": 0.8, "deny": 0.4, f"oos_test → {FALLBACK}": 0.3}
    both = nlu_report.chart(tmp_path / "a" / "both.png", clinc, {"greet": 0.9, "find_product": 0.7})
    alone = nlu_report.chart(tmp_path / "alone.png", clinc, {})
    assert both.read_bytes()[:8] == alone.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------------- the support desk's figures


def _row(f1: float, support: int, **confused: int) -> dict:
    return {"precision": f1, "recall": f1, "f1-score": f1, "support": support, "confused_with": confused}


def test_support_figures_cover_every_support_intent_and_a_missing_one_scores_zero() -> None:
    report = {"order_status": _row(0.9, 30, return_status=2), "request_return": _row(0.6, 40),
              "return_policy": _row(0.8, 35), "return_status": _row(0.7, 38), "warranty_claim": _row(1.0, 40),
              "cancel_order": _row(0.5, 33), "greet": _row(0.1, 50), "accuracy": 0.8}  # no human_handoff
    figures = nlu_support.support_intents(report)
    assert list(figures["per_intent"]) == list(nlu_support.SUPPORT_INTENTS)
    assert figures["per_intent"]["human_handoff"] == {"f1": 0.0, "precision": 0.0, "recall": 0.0, "n": 0,
                                                      "confused_with": {}}
    assert figures["per_intent"]["order_status"]["confused_with"] == {"return_status": 2}
    assert figures["macro_f1"] == pytest.approx((0.9 + 0.6 + 0.8 + 0.7 + 1.0 + 0.5 + 0.0) / 7)  # greet is not support
    assert figures["n"] == 216


def test_order_id_scores_come_from_the_entity_report() -> None:
    report = {"order_id": {"precision": 0.9, "recall": 0.75, "f1-score": 0.818, "support": 40},
              "position": _row(0.9, 10), "micro avg": _row(0.8, 50)}
    assert nlu_support.entity_scores(report) == {"precision": 0.9, "recall": 0.75, "f1": 0.818, "support": 40}
    assert nlu_support.entity_scores({"micro avg": _row(0.8, 5)}) is None


def _entity(entity: str, start: int, end: int, extractor: str | None = None) -> dict:
    found = {"entity": entity, "start": start, "end": end, "value": "x"}
    return {**found, "extractor": extractor} if extractor else found


def test_gold_order_ids_taken_for_a_position_are_counted_for_the_extractor_only() -> None:
    errors = [
        # "order 5881234 please": DIET says position; the regex extractor got it right (not DIET's error)
        {"text": "order 5881234 please", "entities": [_entity("order_id", 6, 13)],
         "predicted_entities": [_entity("position", 6, 13, "DIETClassifier"),
                                _entity("order_id", 6, 13, "RegexEntityExtractor")]},
        # missed altogether, and a right one beside a wrong one in the same message
        {"text": "OF-1 and 58812344", "entities": [_entity("order_id", 0, 4), _entity("order_id", 9, 17)],
         "predicted_entities": [_entity("order_id", 0, 4, "DIETClassifier")]},
        # a wider span, and a message whose error is another entity
        {"text": "ord 99812", "entities": [_entity("order_id", 4, 9)],
         "predicted_entities": [_entity("order_id", 0, 9, "DIETClassifier")]},
        {"text": "size 42", "entities": [_entity("size", 5, 7)], "predicted_entities": []},
    ]
    diet = nlu_support.confusions(errors, "DIETClassifier")
    assert (diet["spans_in_errors"], diet["wrong_spans"], diet["as_position"]) == (4, 3, 1)
    assert dict(diet["taken_for"]) == {"position": 1, "none": 1, "order_id (other bounds)": 1}
    assert diet["examples"]["position"] == ["order 5881234 please"]
    regex = nlu_support.confusions(errors, "RegexEntityExtractor")
    assert (regex["as_position"], dict(regex["taken_for"])) == (0, {"none": 3})


def test_support_figures_are_read_from_a_cross_validation_folder(tmp_path: Path) -> None:
    write_json(tmp_path / "intent_report.json", {name: _row(0.8, 10) for name in nlu_support.SUPPORT_INTENTS})
    write_json(tmp_path / "DIETClassifier_report.json", {
        "order_id": _row(0.7, 12), "position": _row(0.9, 8), "micro avg": _row(0.8, 20)})
    write_json(tmp_path / "DIETClassifier_errors.json", [
        {"text": "cancel 600318", "entities": [_entity("order_id", 7, 13)],
         "predicted_entities": [_entity("position", 7, 13, "DIETClassifier")]}])
    write_json(tmp_path / "RegexEntityExtractor_report.json", {"email": _row(1.0, 3), "micro avg": _row(1.0, 3)})
    write_json(tmp_path / "response_selection_report.json", {"macro avg": _row(0.1, 1)})
    figures = nlu_support.read_support(tmp_path)
    assert figures["intents"]["macro_f1"] == pytest.approx(0.8)
    diet = figures["order_id"]["DIETClassifier"]
    assert diet["scores"]["f1"] == 0.7 and diet["confusions"]["as_position"] == 1
    assert figures["order_id"]["RegexEntityExtractor"] == {"scores": None, "confusions": None}
    assert set(figures["order_id"]) == {"DIETClassifier", "RegexEntityExtractor"}
    nlu_support.support_section(tmp_path)  # prints without a missing key
