#!/usr/bin/env bash
# Encoder throughput: simcal (Rust, ort) against Python onnxruntime on the
# same EfficientNet-Lite0 model, images, image count and batch size, in one
# run. Both sides include preprocessing and exclude image decoding. The two
# sides alternate TRIALS times so that load from other processes hits both.
# The script prints each side's best trial and the median of the per-trial
# ratios, which is the steadier figure on a busy machine.
#
# Usage: scripts/bench/encode.sh [COUNT] [BATCH_SIZE] [ROUNDS] [TRIALS]
# Needs ./scripts/setup.sh to have run (runtime library, model, .venv).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${1:-96}"
batch_size="${2:-16}"
rounds="${3:-3}"
trials="${4:-3}"
simcal_home="${SIMCAL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/simcal}"
model="$simcal_home/models/efficientnet-lite0.onnx"
images="$repo_root/fixtures/encode/photos"
python="${SIMCAL_VENV:-$repo_root/.venv}/bin/python"

if [ ! -f "$model" ] || [ ! -x "$python" ]; then
    echo "error: $model or $python is missing; run ./scripts/setup.sh first" >&2
    exit 1
fi

cd "$repo_root"
cargo build --release --quiet -p simcal-encode --example encode_throughput
echo "model: $model"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "images=$count batch_size=$batch_size rounds=$rounds trials=$trials"

rate_of() { sed -n 's/.* images_per_second=\([0-9.]*\).*/\1/p' <<<"$1"; }
best_rust=0
best_python=0
trial_ratios=()
for trial in $(seq "$trials"); do
    rust_output="$(RUST_LOG=warn target/release/examples/encode_throughput --images "$images" --count "$count" --batch-size "$batch_size" --rounds "$rounds")"
    python_output="$("$python" scripts/bench/encode_python.py --model "$model" --images "$images" --count "$count" --batch-size "$batch_size" --rounds "$rounds")"
    echo "trial $trial:"
    echo "$rust_output" | sed 's/^/  /'
    echo "$python_output" | sed 's/^/  /'
    trial_ratios+=("$(awk -v rust="$(rate_of "$rust_output")" -v python="$(rate_of "$python_output")" 'BEGIN { printf "%.3f", rust / python }')")
    best_rust="$(awk -v a="$best_rust" -v b="$(rate_of "$rust_output")" 'BEGIN { print (b > a ? b : a) }')"
    best_python="$(awk -v a="$best_python" -v b="$(rate_of "$python_output")" 'BEGIN { print (b > a ? b : a) }')"
done
echo "best images/s: simcal $best_rust, python-onnxruntime $best_python"
awk -v rust="$best_rust" -v python="$best_python" 'BEGIN { printf "ratio of best trials simcal/python: %.2f\n", rust / python }'
median_ratio="$(printf '%s\n' "${trial_ratios[@]}" | sort -g | awk '{ ratios[NR] = $1 } END { print (NR % 2 ? ratios[(NR + 1) / 2] : (ratios[NR / 2] + ratios[NR / 2 + 1]) / 2) }')"
echo "per-trial ratios simcal/python: ${trial_ratios[*]}; median $median_ratio"
