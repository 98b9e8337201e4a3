#!/usr/bin/env python3
"""Write a seeded scores CSV (pair_id,label,score) for the sweep benchmark.

Usage: sweep_make_pairs.py OUT.csv PAIRS [TIED_SHARE]

Positives score around 0.7 and negatives around 0.4, with overlap. A share
TIED_SHARE (default 0.3) of rows carry scores rounded to 3 decimals, so they
tie in blocks; the rest keep 10 significant digits. The share of rows whose
score occurs more than once is measured and printed.
"""

import sys

import numpy as np
import pandas as pd

SEED = 7
POSITIVE_SHARE = 0.2


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    out_path, pairs = sys.argv[1], int(sys.argv[2])
    tied_share = float(sys.argv[3]) if len(sys.argv) == 4 else 0.3
    rng = np.random.default_rng(SEED)

    labels = (rng.random(pairs) < POSITIVE_SHARE).astype(np.int8)
    scores = np.where(labels == 1, rng.normal(0.7, 0.12, pairs), rng.normal(0.4, 0.15, pairs))
    scores = np.clip(scores, -1.0, 1.0)
    tied = rng.random(pairs) < tied_share
    scores[tied] = np.round(scores[tied], 3)
    text_scores = np.where(tied, np.char.mod("%.3f", scores), np.char.mod("%.10g", scores))

    frame = pd.DataFrame({"pair_id": np.char.add("p", np.arange(pairs).astype(str)), "label": labels, "score": text_scores})
    frame.to_csv(out_path, index=False)

    parsed = frame["score"].astype(float).to_numpy()
    _, inverse, counts = np.unique(parsed, return_inverse=True, return_counts=True)
    tied_rows = float(np.mean(counts[inverse] > 1))
    print(f"wrote {pairs} pairs to {out_path}: {labels.mean():.1%} positive, {tied_rows:.1%} of rows tied")


if __name__ == "__main__":
    main()
