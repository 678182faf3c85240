"""The support desk's figures from the cross-validation nlu_report.py runs: how well the support intents are
told apart, and how well order numbers are extracted.

Read from what ``rasa test nlu --cross-validation`` writes into its ``--out`` folder:

- ``intent_report.json``: F1, precision, recall and count per support intent, and their macro F1;
- ``<extractor>_report.json`` (DIETClassifier, RegexEntityExtractor): order_id precision, recall and F1
  (Rasa scores entities per token; an order number is one token);
- ``<extractor>_errors.json`` (written unless ``--no-errors``): the messages whose entities were wrong, with
  the gold and the predicted entities, from which the gold order_id spans taken for a ``position`` are counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from measure import out, show

SUPPORT_INTENTS = ("order_status", "request_return", "return_policy", "return_status", "warranty_claim",
                   "cancel_order", "human_handoff")
ORDER_ID = "order_id"
POSITION = "position"


def support_intents(intent_report: Mapping[str, Any],
                    intents: Sequence[str] = SUPPORT_INTENTS) -> dict[str, Any]:
    """Per support intent: F1, precision, recall, count and what it was taken for; and their macro F1.

    An intent missing from the report (no example in any test fold) scores 0 with n 0, so the macro F1
    never looks better for an intent that was not measured.
    """
    per: dict[str, dict[str, Any]] = {}
    for intent in intents:
        row = intent_report.get(intent) or {}
        per[intent] = {"f1": float(row.get("f1-score", 0.0)), "precision": float(row.get("precision", 0.0)),
                       "recall": float(row.get("recall", 0.0)), "n": int(row.get("support", 0)),
                       "confused_with": dict(row.get("confused_with") or {})}
    macro = sum(r["f1"] for r in per.values()) / len(per) if per else 0.0
    return {"per_intent": per, "macro_f1": macro, "n": sum(r["n"] for r in per.values())}


def entity_scores(report: Mapping[str, Any], entity: str = ORDER_ID) -> dict[str, float] | None:
    """Precision, recall, F1 and support of one entity in an ``<extractor>_report.json``; None if absent."""
    row = report.get(entity)
    if not isinstance(row, Mapping):
        return None
    return {"precision": float(row["precision"]), "recall": float(row["recall"]), "f1": float(row["f1-score"]),
            "support": int(row["support"])}


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return int(a["start"]) < int(b["end"]) and int(b["start"]) < int(a["end"])


def confusions(errors: Sequence[Mapping[str, Any]], extractor: str | None = None,
               gold: str = ORDER_ID) -> dict[str, Any]:
    """What the gold ``gold`` spans of the wrongly tagged messages were predicted as.

    ``errors`` is Rasa's ``<extractor>_errors.json``: its ``predicted_entities`` hold every extractor's
    entities, so only those of ``extractor`` count (all of them when it is None). A gold span predicted as
    nothing counts as ``"none"``; as ``gold`` itself but with other bounds, as ``"<gold> (other bounds)"``.
    """
    taken: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    spans = 0
    for error in errors:
        predicted = [p for p in error.get("predicted_entities") or []
                     if extractor is None or p.get("extractor") in (None, extractor)]
        for target in error.get("entities") or []:
            if target.get("entity") != gold:
                continue
            spans += 1
            hits = [p for p in predicted if _overlaps(p, target)]
            exact = any(p["entity"] == gold and (p["start"], p["end"]) == (target["start"], target["end"])
                        for p in hits)
            if exact:
                continue
            labels = sorted({p["entity"] for p in hits}) or ["none"]
            label = " + ".join(f"{gold} (other bounds)" if name == gold else name for name in labels)
            taken[label] += 1
            examples.setdefault(label, []).append(str(error.get("text", "")))
    as_position = sum(n for label, n in taken.items() if POSITION in label.split(" + "))
    return {"wrong_spans": sum(taken.values()), "spans_in_errors": spans, "as_position": as_position,
            "taken_for": taken.most_common(), "examples": examples}


def read_support(folder: Path) -> dict[str, Any]:
    """The support figures of one cross-validation output folder."""
    figures: dict[str, Any] = {
        "intents": support_intents(json.loads((folder / "intent_report.json").read_text())), "order_id": {}}
    for path in sorted(folder.glob("*_report.json")):
        extractor = path.name.removesuffix("_report.json")
        if extractor in ("intent", "response_selection"):
            continue
        scores = entity_scores(json.loads(path.read_text()))
        errors_path = folder / f"{extractor}_errors.json"
        errors = json.loads(errors_path.read_text()) if errors_path.exists() else None
        figures["order_id"][extractor] = {
            "scores": scores, "confusions": confusions(errors, extractor) if errors is not None else None}
    return figures


def support_section(folder: Path) -> dict[str, Any]:
    """Print the support figures of the cross-validation in ``folder``; return them."""
    figures = read_support(folder)
    intents = figures["intents"]
    rows = [(name, f"{r['f1']:.3f}", f"{r['precision']:.3f}", f"{r['recall']:.3f}", r["n"],
             ", ".join(f"{k} {v}" for k, v in list(r["confused_with"].items())[:3]) or "—")
            for name, r in intents["per_intent"].items()]
    show("   support intents", ["intent", "F1", "precision", "recall", "n", "confused with"], rows)
    out.print(f"   support macro F1 {intents['macro_f1']:.3f} over {len(intents['per_intent'])} intents "
              f"({intents['n']:,} examples)")
    rows = []
    for extractor, found in figures["order_id"].items():
        scores, wrong = found["scores"], found["confusions"]
        if scores is None:
            rows.append((extractor, "—", "—", "—", "—", "—", "no order_id in its report"))
            continue
        rows.append((extractor, f"{scores['precision']:.3f}", f"{scores['recall']:.3f}", f"{scores['f1']:.3f}",
                     scores["support"], wrong["as_position"] if wrong else "—",
                     ", ".join(f"{k} {v}" for k, v in wrong["taken_for"][:3]) if wrong else "no errors file"))
    show("   order_id extraction", ["extractor", "precision", "recall", "F1", "n (tokens)", "→ position",
                                    "gold order_ids taken for"], rows)
    return figures
