#!/usr/bin/env python3
"""Generate scikit-learn reference values for the threshold sweep tests.

Writes fixtures/sweep/sklearn-cases.json: random labelled scores with heavy
ties, and for each case scikit-learn's roc_curve (drop_intermediate=False),
precision_recall_curve, roc_auc_score and average_precision_score, plus the
most permissive threshold reaching each precision target at each base rate,
computed here in numpy from scikit-learn's ROC points.

Distance cases (lower score predicts positive) are passed to scikit-learn as
negated scores, and their thresholds are negated back.

Run with a Python that has scikit-learn, for example:
    python3 -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn numpy
    /tmp/skvenv/bin/python scripts/reference/sklearn_sweep_cases.py
"""

import json
from fractions import Fraction
import pathlib
import sys

import numpy as np
import sklearn
from sklearn.metrics import (
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

SEED = 20240611
CASE_COUNT = 60
BASE_RATES = [0.5, 0.2, 0.05, 0.01]
PRECISION_TARGETS = [0.8, 0.95]
OUTPUT = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "sweep" / "sklearn-cases.json"


def make_case(rng, index):
    """Draw one case: scores on a coarse grid (heavy ties), labels that
    depend on the score so that curves are not trivial, both classes present."""
    size = int(rng.integers(2, 400))
    grid_steps = int(rng.choice([2, 3, 5, 10, 20, 100]))
    continuous_share = float(rng.choice([0.0, 0.0, 0.3, 0.7]))
    latent = rng.random(size)
    labels = (rng.random(size) < 0.25 + 0.5 * latent).astype(int)
    if labels.min() == labels.max():
        flip = int(rng.integers(size))
        labels[flip] = 1 - labels[flip]
    scores = np.round(latent * grid_steps) / grid_steps
    continuous = rng.random(size) < continuous_share
    scores[continuous] = latent[continuous]
    direction = "distance" if index % 4 == 3 else "similarity"
    if direction == "distance":
        # Distances: lower means more alike.
        scores = 2.0 - scores
    return labels, scores, direction


def lowest_thresholds(fpr, tpr, thresholds, positives, negatives, direction):
    """For each base rate and target: the most permissive real threshold
    whose precision reweighted from (TPR, FPR), pi*TPR / (pi*TPR + (1-pi)*FPR),
    reaches the target. Compared in exact rational arithmetic on the
    integer counts, so a precision exactly on the target counts as reached."""
    true_positives = np.rint(tpr * positives).astype(int)
    false_positives = np.rint(fpr * negatives).astype(int)
    rows = []
    for pi in BASE_RATES:
        for target in PRECISION_TARGETS:
            pi_exact = Fraction(str(pi))
            target_exact = Fraction(str(target))
            last = None
            for index, (tp, fp) in enumerate(zip(true_positives, false_positives)):
                weighted_tp = pi_exact * Fraction(int(tp), positives)
                weighted_fp = (1 - pi_exact) * Fraction(int(fp), negatives)
                if weighted_tp + weighted_fp > 0 and weighted_tp / (weighted_tp + weighted_fp) >= target_exact:
                    last = index  # roc_curve orders thresholds strictest first
            if last is None:
                rows.append({"base_rate": pi, "precision_target": target, "threshold": None, "recall": None})
                continue
            threshold = float(thresholds[last])
            rows.append(
                {
                    "base_rate": pi,
                    "precision_target": target,
                    "threshold": -threshold if direction == "distance" else threshold,
                    "recall": float(tpr[last]),
                }
            )
    return rows


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for index in range(CASE_COUNT):
        labels, scores, direction = make_case(rng, index)
        if labels.min() == labels.max():
            sys.exit(f"case {index} has one class only; change the generator")

        oriented = -scores if direction == "distance" else scores
        fpr, tpr, roc_thresholds = roc_curve(labels, oriented, drop_intermediate=False)
        precision, recall, pr_thresholds = precision_recall_curve(labels, oriented)
        # Real operating points only: drop roc_curve's (0, 0) point at an
        # infinite threshold and precision_recall_curve's (recall 0,
        # precision 1) end point, which have no threshold in the data.
        assert np.isinf(roc_thresholds[0])
        roc_points = list(zip(roc_thresholds[1:], fpr[1:], tpr[1:]))
        pr_points = list(zip(pr_thresholds, precision[:-1], recall[:-1]))[::-1]
        unorient = (lambda t: -float(t)) if direction == "distance" else float

        cases.append(
            {
                "name": f"case-{index:02}",
                "direction": direction,
                "labels": labels.tolist(),
                "scores": scores.tolist(),
                "roc_auc": float(roc_auc_score(labels, oriented)),
                "average_precision": float(average_precision_score(labels, oriented)),
                "roc": [[unorient(t), float(f), float(r)] for t, f, r in roc_points],
                "pr": [[unorient(t), float(p), float(r)] for t, p, r in pr_points],
                "thresholds": lowest_thresholds(
                    fpr[1:], tpr[1:], roc_thresholds[1:], int(labels.sum()), int((1 - labels).sum()), direction
                ),
            }
        )

    tied = sum(len(c["scores"]) - len(set(c["scores"])) for c in cases)
    total = sum(len(c["scores"]) for c in cases)
    document = {
        "generator": "scripts/reference/sklearn_sweep_cases.py",
        "seed": SEED,
        "scikit_learn": sklearn.__version__,
        "numpy": np.__version__,
        "tied_rows_share": tied / total,
        "cases": cases,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    # One case per line keeps the file small and its diffs readable.
    header = {key: value for key, value in document.items() if key != "cases"}
    lines = [json.dumps(case) for case in cases]
    text = json.dumps(header)[:-1] + ', "cases": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)
    OUTPUT.write_text(text)
    print(f"wrote {len(cases)} cases ({total} rows, {tied / total:.0%} tied) to {OUTPUT}")


if __name__ == "__main__":
    main()
