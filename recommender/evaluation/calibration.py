"""Calibrating the match level: how likely is a suggestion to be a fit, given what the shopper can see?

A logistic regression (scikit-learn) of "judged relevant" on the two inputs of
:func:`recommender.ranking.explain.fit_probability`, over the top-k suggestions of every judged query.
The fitted coefficients are what ``explain.py`` states; the band report shows, for the coefficients in use,
how often a suggestion in each band really was relevant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
from sklearn.linear_model import LogisticRegression

from recommender.evaluation.harness import EvalQuery
from recommender.ranking.request import HIGH, LOW, MEDIUM, Suggestions, SuggestRequest

BANDS = (HIGH, MEDIUM, LOW)


@dataclass(frozen=True)
class Band:
    level: str
    suggestions: int
    relevant_share: float


@dataclass(frozen=True)
class Calibration:
    intercept: float
    w_cosine: float
    w_coverage: float
    bands: list[Band]  # with the coefficients in use, not the fitted ones
    samples: int


def calibrate(queries: list[EvalQuery], qrels: Mapping[str, Mapping[str, float]],
              run: Callable[[SuggestRequest], Suggestions], k: int) -> Calibration:
    features, labels, levels = [], [], []
    for query in queries:
        judged = qrels.get(query.id, {})
        if not judged:
            continue
        for item in run(replace(query.request, k=k)).items:
            features.append((item.similarity, item.coverage))
            labels.append(judged.get(item.sku, 0.0) > 0)
            levels.append(item.match)
    x, y = np.asarray(features), np.asarray(labels)
    if len(set(labels)) < 2:
        raise ValueError("calibration needs both relevant and irrelevant suggestions among the results")
    model = LogisticRegression(C=10.0).fit(x, y)
    bands = [Band(level, int(sum(lv == level for lv in levels)),
                  float(np.mean([lab for lab, lv in zip(labels, levels, strict=True) if lv == level]))
                  if level in levels else 0.0) for level in BANDS]
    return Calibration(float(model.intercept_[0]), float(model.coef_[0][0]), float(model.coef_[0][1]), bands, len(y))
