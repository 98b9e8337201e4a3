#!/usr/bin/env bash
# Benchmarks simcal's threshold sweep against scikit-learn on the same
# scores file, in one run: prints the time ratio and peak memory of each.
#
#   scripts/bench/sweep.sh [PAIRS]        (default 10000000)
#
# Installs scikit-learn into its own venv (SWEEP_BENCH_VENV, default
# target/sweep-bench/venv) from scripts/bench/sweep-requirements.txt, writes
# the seeded scores file once under target/sweep-bench/, and builds the
# bench in release mode.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pairs="${1:-10000000}"
work_dir="$repo_root/target/sweep-bench"
venv="${SWEEP_BENCH_VENV:-$work_dir/venv}"
requirements="$repo_root/scripts/bench/sweep-requirements.txt"
scores="$work_dir/pairs-$pairs.csv"
mkdir -p "$work_dir"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
requirements_hash="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$requirements_hash" ]; then
    echo "installing scikit-learn into $venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
    echo "$requirements_hash" >"$venv/.requirements.sha256"
fi

if [ ! -s "$scores" ]; then
    "$venv/bin/python" "$repo_root/scripts/bench/sweep_make_pairs.py" "$scores.partial" "$pairs"
    mv "$scores.partial" "$scores"
fi

cd "$repo_root"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
cargo bench -q -p simcal-sweep --bench sweep_file -- "$scores" >"$work_dir/simcal.json"
"$venv/bin/python" "$repo_root/scripts/bench/sweep_sklearn.py" "$scores" "$work_dir/simcal.json"
