"""NLU quality: cross-validation on our training data, and CLINC150 small talk and out-of-scope.

1. ``rasa test nlu --cross-validation`` on ``data/nlu``: intent accuracy, macro and weighted F1, entity micro
   and macro F1, the weakest five intents by F1; then the support desk's figures (``nlu_support.py``): F1
   per support intent and their macro F1, order_id precision, recall and F1 per extractor, and how many
   gold order_id spans were taken for a carousel ``position``.
2. CLINC150 (test and oos_test splits only: measured, never trained on), parsed by the trained model: recall,
   precision and F1 of the CLINC intents that map to ours (greeting→greet, …, order_status), the share of
   CLINC's out-of-scope set sent to the fallback (``nlu_fallback`` or ``out_of_scope``), and CLINC's other
   143 intents (weather, banking, travel…), out of scope for a gear shop too: the share sent to the fallback
   and the share wrongly grabbed as a shopping or support intent.
3. A chart of both into ``--out``.

Run from the repository root::

    .venv/bin/python benchmarks/nlu_report.py [--folds 3] [--model models/] [--out DIR] [--eval DIR] [--skip-cv]

The model is the newest ``*.tar.gz`` in ``--model`` (a folder) or that file. The CLINC folder defaults to
``../shared/eval/clinc150`` beside the checkout; ``OUTFITTER_EVAL_DIR`` or ``--eval`` point elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import precision_recall_fscore_support

from bot.settings import Settings

from measure import err, out, printer, show
from nlu_support import support_section

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "clinc150"
CLINC_TO_OURS = {"greeting": "greet", "goodbye": "goodbye", "thank_you": "thank", "yes": "affirm", "no": "deny",
                 "are_you_a_bot": "bot_challenge", "order_status": "order_status"}
FALLBACK = "fallback"  # what an out-of-scope message should get: either of the two intents below
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
SMALL_TALK = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"})
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Case:
    text: str
    expected: str  # one of our intents, or FALLBACK
    source: str  # the CLINC label, kept to tell which of its domains get grabbed


@dataclass(frozen=True)
class Score:
    n: int
    recall: float
    precision: float
    f1: float
    confused: list[tuple[str, int]]  # wrong predictions, most frequent first


def eval_dir(option: Path | None, env: Mapping[str, str]) -> Path:
    return option or (Path(env["OUTFITTER_EVAL_DIR"]) if env.get("OUTFITTER_EVAL_DIR") else DEFAULT_EVAL)


def clinc_cases(data: Mapping[str, Sequence[Sequence[str]]]) -> tuple[list[Case], list[Case], list[Case]]:
    """CLINC's test splits as (intents that map to ours, its out-of-scope set, its other in-scope domains)."""
    mapped = [Case(t, CLINC_TO_OURS[label], label) for t, label in data["test"] if label in CLINC_TO_OURS]
    oos = [Case(t, FALLBACK, label) for t, label in data["oos_test"]]
    other = [Case(t, FALLBACK, label) for t, label in data["test"] if label not in CLINC_TO_OURS]
    return mapped, oos, other


def normalise(intent: str | None) -> str:
    """Both ways of declining count as the fallback; no intent at all is a decline too."""
    return FALLBACK if intent is None or intent in FALLBACK_INTENTS else intent


def kind(intent: str) -> str:
    return "fallback" if intent == FALLBACK else "small talk" if intent in SMALL_TALK else "shopping/support"


def scores(expected: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Score]:
    """Recall, precision and F1 per expected label, with what each label's messages were taken for instead."""
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=list(labels), zero_division=0)
    result = {}
    for i, label in enumerate(labels):
        wrong = Counter(p for e, p in zip(expected, predicted, strict=True) if e == label and p != label)
        result[label] = Score(int(support[i]), float(recall[i]), float(precision[i]), float(f1[i]),
                              wrong.most_common())
    return result


def decline_summary(cases: Sequence[Case], predicted: Sequence[str]) -> dict[str, Any]:
    """For messages that should get the fallback: shares by kind of answer, and who grabbed them."""
    kinds = Counter(kind(p) for p in predicted)
    n = len(predicted)
    grabbed = [(c.source, p) for c, p in zip(cases, predicted, strict=True) if p != FALLBACK]
    return {"n": n, **{k: kinds[k] / n if n else 0.0 for k in ("fallback", "shopping/support", "small talk")},
            "by_intent": Counter(p for _, p in grabbed).most_common(),
            "by_source": Counter(s for s, p in grabbed if kind(p) == "shopping/support").most_common()}


def read_cv_reports(folder: Path) -> dict[str, Any]:
    """The figures of Rasa's cross-validation reports: ``intent_report.json``, ``<extractor>_report.json``."""
    intents = json.loads((folder / "intent_report.json").read_text())
    per_intent = {k: v for k, v in intents.items() if isinstance(v, dict) and "avg" not in k and v.get("support")}
    summary: dict[str, Any] = {
        "accuracy": intents["accuracy"], "macro_f1": intents["macro avg"]["f1-score"],
        "weighted_f1": intents["weighted avg"]["f1-score"],
        "per_intent": {k: v["f1-score"] for k, v in per_intent.items()},
        "support": {k: int(v["support"]) for k, v in per_intent.items()},
        "weakest": sorted(per_intent.items(), key=lambda kv: (kv[1]["f1-score"], kv[0]))[:5], "entities": {}}
    for path in sorted(folder.glob("*_report.json")):
        if path.name in ("intent_report.json", "response_selection_report.json"):
            continue
        report = json.loads(path.read_text())
        micro = report.get("micro avg") or {"f1-score": report.get("accuracy", 0.0)}
        summary["entities"][path.name.removesuffix("_report.json")] = {
            "micro_f1": micro["f1-score"], "macro_f1": report["macro avg"]["f1-score"]}
    return summary


def latest_model(option: Path) -> Path:
    if option.is_file():
        return option
    models = sorted(option.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        held = "holds no *.tar.gz" if option.is_dir() else "does not exist"
        raise SystemExit(f"No trained model: {option} {held}. Train one with `outfitter train`, or pass --model.")
    return models[-1]


def run_cv(rasa: Path, folds: int, folder: Path, progress: Progress) -> None:
    """Rasa's cross-validation, following its log for progress: a DIET training per fold, epoch by epoch."""
    folder.mkdir(parents=True, exist_ok=True)
    for pattern in ("*_report.json", "*_errors.json"):  # a failed run must not leave the last run's figures
        for stale in folder.glob(pattern):
            stale.unlink()
    command = [str(rasa), "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml", "--cross-validation",
               "--folds", str(folds), "--out", str(folder)]
    log_path = folder.parent / "cv.log"
    fold, last = 0, (0, 0)
    # text mode reads tqdm's carriage-return updates as lines, so each epoch reaches us as it happens
    with log_path.open("w") as log, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                                     stderr=subprocess.STDOUT, env=quiet_env()) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            if "Starting to train component 'DIETClassifier'" in line:
                fold += 1
            elif line.startswith("Epochs:") and "/" in line and fold:
                done, total = (int(n) for n in line.split("|")[-1].split()[0].split("/"))
                if (fold, done) != last:  # tqdm repeats its last line on closing
                    last = (fold, done)
                    progress(f"fold {fold}/{folds}, DIET epoch", done, total)
    if proc.returncode:
        tail = log_path.read_text().splitlines()[-15:]
        raise SystemExit(f"rasa test nlu failed (exit {proc.returncode}); full log in {log_path}:\n" + "\n".join(tail))


def parse_texts(python: Path, model: Path, texts: Sequence[str], progress: Progress) -> list[dict[str, Any]]:
    """Texts through ``rasa_parse.py`` under Rasa's Python; progress by counting the lines it has written."""
    with tempfile.TemporaryDirectory(prefix="outfitter-nlu-") as tmp:  # CLINC text stays out of the repo
        source, sink, log = Path(tmp) / "texts.jsonl", Path(tmp) / "parsed.jsonl", Path(tmp) / "stderr.log"
        source.write_text("".join(json.dumps(t) + "\n" for t in texts), encoding="utf-8")
        with log.open("w") as stderr, subprocess.Popen(
                [str(python), str(Path(__file__).with_name("rasa_parse.py")), str(model), str(source), str(sink)],
                stdout=stderr, stderr=stderr, env=quiet_env()) as proc:
            progress("loading the model", 0, None)
            while proc.poll() is None:
                time.sleep(1)
                done = sum(1 for _ in sink.open()) if sink.exists() else 0
                if 0 < done < len(texts):  # the last line is reported once, below
                    progress("parsed", done, len(texts))
        if proc.returncode:
            raise SystemExit(f"rasa_parse.py failed (exit {proc.returncode}):\n{log.read_text()[-2000:]}")
        rows = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
    progress("parsed", len(rows), len(texts))
    return rows


def quiet_env() -> dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}


def top(pairs: Sequence[tuple[str, int]], of: int, k: int = 3) -> str:
    """The first ``k`` (name, count) pairs as shares of ``of``."""
    return ", ".join(f"{name} {count / of:.0%}" for name, count in pairs[:k]) if of else "—"


def chart(path: Path, clinc: Mapping[str, float], cv_f1: Mapping[str, float]) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display on a server; must precede pyplot
    import matplotlib.pyplot as plt

    panels = 2 if cv_f1 else 1
    height = max(5.0, 0.32 * max(len(clinc), len(cv_f1)))
    fig, axes = plt.subplots(1, panels, figsize=(7 * panels, height), squeeze=False)
    left = axes[0][0]
    colours = ["tab:orange" if FALLBACK in name else "tab:blue" for name in clinc]
    left.bar_label(left.barh(list(clinc), list(clinc.values()), color=colours), fmt="%.2f", padding=2)
    left.set(xlim=(0, 1.1), title="CLINC150: recall, and share sent to the fallback", xlabel="share")
    left.invert_yaxis()
    if cv_f1:
        ordered = sorted(cv_f1.items(), key=lambda kv: kv[1])
        right = axes[0][1]
        bars = right.barh([k for k, _ in ordered], [v for _, v in ordered], color="tab:green")
        right.bar_label(bars, fmt="%.2f", padding=2)
        right.set(xlim=(0, 1.1), title="Cross-validation F1 per intent", xlabel="F1")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def cv_section(rasa: Path, folds: int, work: Path) -> dict[str, Any]:
    started = time.perf_counter()
    run_cv(rasa, folds, work / "cv", printer("cross-validation"))
    cv = read_cv_reports(work / "cv")
    rows = [("intent accuracy", f"{cv['accuracy']:.3f}"), ("intent macro F1", f"{cv['macro_f1']:.3f}"),
            ("intent weighted F1", f"{cv['weighted_f1']:.3f}")]
    rows += [(f"entity {which} F1 ({extractor})", f"{figures[f'{which}_f1']:.3f}")
             for extractor, figures in cv["entities"].items() for which in ("micro", "macro")]
    if not cv["entities"]:
        rows.append(("entity F1", "— (no entity report: the test folds hold no annotated entities)"))
    show("1. Cross-validation on data/nlu", ["", ""], rows)
    out.print(f"   {sum(cv['support'].values()):,} examples of {len(cv['support'])} intents, {folds} folds, "
              f"{time.perf_counter() - started:.0f} s")
    show("   weakest intents", ["intent", "F1", "n", "confused with"],
         [(name, f"{r['f1-score']:.3f}", r["support"],
           ", ".join(f"{k} {v}" for k, v in list(r.get("confused_with", {}).items())[:3]) or "—")
          for name, r in cv["weakest"]])
    cv["support_desk"] = support_section(work / "cv")
    return cv


def clinc_section(python: Path, model: Path, data: Mapping[str, Any]) -> dict[str, float]:
    started = time.perf_counter()
    mapped, oos, other = clinc_cases(data)
    cases = [*mapped, *oos, *other]
    parsed = parse_texts(python, model, [c.text for c in cases], printer("CLINC150"))
    predicted = [normalise(row["intent"]) for row in parsed]
    inside = len(mapped) + len(oos)
    labels = [*CLINC_TO_OURS.values(), FALLBACK]
    per = scores([c.expected for c in cases[:inside]], predicted[:inside], labels)
    rows = [(f"{clinc} → {ours}", per[ours].n, f"{per[ours].recall:.3f}", f"{per[ours].precision:.3f}",
             f"{per[ours].f1:.3f}", top(per[ours].confused, per[ours].n, 2) or "—")
            for clinc, ours in CLINC_TO_OURS.items()]
    declines = {"oos_test": decline_summary(oos, predicted[len(mapped):inside]),
                "other domains": decline_summary(other, predicted[inside:])}
    elapsed = time.perf_counter() - started
    accuracy = sum(p == c.expected for c, p in zip(mapped, predicted[:len(mapped)], strict=True)) / len(mapped)
    show("2. CLINC150 test, the intents that map to ours", ["CLINC → ours", "n", "recall", "precision", "F1",
                                                            "most often taken for"], rows)
    macro_f1 = sum(s.f1 for s in per.values()) / len(per)
    out.print(f"   the {len(mapped)} mapped: accuracy {accuracy:.3f}, macro F1 {macro_f1:.3f} (7 intents + fallback; "
              "precision within mapped + oos_test)\n"
              f"   {len(cases):,} messages parsed by {model.name} in {elapsed:.0f} s")
    show("   should get the fallback", ["", "n", "fallback", "→ shop/support", "→ small talk", "taken for"],
         [(name, d["n"], f"{d['fallback']:.3f}", f"{d['shopping/support']:.3f}", f"{d['small talk']:.3f}",
           top(d["by_intent"], d["n"], 2) or "—") for name, d in declines.items()])
    domains = declines["other domains"]["by_source"][:8]
    show("   most grabbed", ["other domain", "→ shop/support", "of"],
         [(label, count, sum(1 for c in other if c.source == label)) for label, count in domains])
    return {**{ours: per[ours].recall for ours in CLINC_TO_OURS.values()},
            **{f"{name} → {FALLBACK}": d["fallback"] for name, d in declines.items()}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--model", type=Path, default=ROOT / "models", help="a model file, or a folder of them")
    parser.add_argument("--out", type=Path, default=Path("/tmp/outfitter-nlu"), help="reports and the chart")
    parser.add_argument("--eval", type=Path, default=None, help="the CLINC150 folder (holds data_full.json)")
    parser.add_argument("--skip-cv", action="store_true", help="only the CLINC150 part")
    args = parser.parse_args(argv)
    work = args.out.resolve()  # Rasa runs from the repository root, so a relative --out would move
    rasa_venv = Settings().rasa_venv
    python, rasa = rasa_venv / "bin" / "python", rasa_venv / "bin" / "rasa"
    clinc_file = eval_dir(args.eval, os.environ) / "data_full.json"
    for path, what in ((rasa, "Rasa (`make setup` creates .venv-rasa)"), (clinc_file, "the CLINC150 data")):
        if not path.exists():
            raise SystemExit(f"{what} is missing: {path} does not exist")
    model = latest_model(args.model)
    started = time.perf_counter()
    cv = None if args.skip_cv else cv_section(rasa, args.folds, work)
    clinc = clinc_section(python, model, json.loads(clinc_file.read_text(encoding="utf-8")))
    path = chart(work / "nlu_report.png", clinc, cv["per_intent"] if cv else {})
    out.print(f"chart: {path}")
    err.print(f"[dim]{sys.argv[0]} done in {time.perf_counter() - started:.0f} s[/dim]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
