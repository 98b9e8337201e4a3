#!/usr/bin/env python3
"""Time scikit-learn's equivalent of simcal's sweep on a scores CSV and print
the comparison with simcal's result.

Usage: sweep_sklearn.py SCORES.csv SIMCAL_RESULT.json [REPEATS]

The timed part excludes parsing, like simcal's: roc_curve
(drop_intermediate=False), precision_recall_curve, roc_auc_score,
average_precision_score, and the most permissive threshold whose precision
reweighted to each of four base rates reaches 0.95, in numpy from the ROC
points. Peak memory is the process's maximum resident set size.
"""

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

BASE_RATES = [0.5, 0.2, 0.05, 0.01]
PRECISION_TARGET = 0.95


def sweep(labels, scores):
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    precision_recall_curve(labels, scores)
    roc_auc = roc_auc_score(labels, scores)
    average_precision = average_precision_score(labels, scores)
    chosen = []
    for pi in BASE_RATES:
        denominator = tpr + ((1 - pi) / pi) * fpr
        with np.errstate(invalid="ignore", divide="ignore"):
            precision = np.where(denominator > 0, tpr / denominator, np.nan)
        meets = np.flatnonzero(precision >= PRECISION_TARGET)
        chosen.append(float(thresholds[meets[-1]]) if meets.size else None)
    return len(thresholds) - 1, roc_auc, average_precision, chosen


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    scores_path, simcal_path = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) == 4 else 3

    started = time.perf_counter()
    frame = pd.read_csv(scores_path, usecols=["label", "score"], dtype={"label": np.int8, "score": np.float64})
    parse_s = time.perf_counter() - started
    labels = frame["label"].to_numpy()
    scores = frame["score"].to_numpy()

    sweep_s = []
    sweep_cpu_s = []
    for _ in range(repeats):
        started = time.perf_counter()
        cpu_started = time.process_time()
        operating_points, roc_auc, average_precision, chosen = sweep(labels, scores)
        sweep_s.append(time.perf_counter() - started)
        sweep_cpu_s.append(time.process_time() - cpu_started)
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    with open(simcal_path) as file:
        simcal = json.load(file)
    sklearn_median = sorted(sweep_s)[len(sweep_s) // 2]
    simcal_median = simcal["sweep_median_s"]

    print(f"pairs: {len(labels)}, scikit-learn {sklearn.__version__}, simcal on {simcal['threads']} threads")
    print(f"{'':28}{'simcal':>12}{'scikit-learn':>14}{'ratio':>9}")
    print(f"{'parse (not compared) [s]':28}{simcal['parse_s']:>12.3f}{parse_s:>14.3f}")
    print(f"{'sweep, median [s]':28}{simcal_median:>12.3f}{sklearn_median:>14.3f}{sklearn_median / simcal_median:>8.1f}x")
    simcal_cpu = sorted(simcal["sweep_cpu_s"])[len(simcal["sweep_cpu_s"]) // 2]
    sklearn_cpu = sorted(sweep_cpu_s)[len(sweep_cpu_s) // 2]
    print(f"{'sweep CPU time, median [s]':28}{simcal_cpu:>12.3f}{sklearn_cpu:>14.3f}{sklearn_cpu / simcal_cpu:>8.1f}x")
    print(f"{'peak memory [MiB]':28}{simcal['peak_rss_mib']:>12.0f}{peak_rss_mib:>14.0f}")
    print(f"sweep runs [s]: simcal {simcal['sweep_s']}, scikit-learn {[round(s, 3) for s in sweep_s]}")
    print(f"operating points: simcal {simcal['operating_points']}, scikit-learn {operating_points}")
    print(f"ROC-AUC: simcal {simcal['roc_auc']}, scikit-learn {roc_auc}")
    print(f"average precision: simcal {simcal['average_precision']}, scikit-learn {average_precision}")
    print(f"thresholds at {BASE_RATES}: simcal {simcal['thresholds']}, scikit-learn {chosen}")


if __name__ == "__main__":
    main()
