#!/usr/bin/env bash
# Renderer benchmark. Measures views per second of simcal-render (release
# build) and of a Python reference renderer (pyrender through Mesa's OSMesa)
# in the same run. Both render the same generated tori of about 5k, 100k and
# 1M triangles at 224x224 px, and the script prints the ratios.
#
# The two sides alternate TRIALS times so that load from other processes
# hits both; the script prints each side's best trial and the median of the
# per-trial ratios.
#
# Usage: scripts/bench/render.sh [MIN_SECONDS_PER_MESH [TRIALS]]   (default 3 3)
# Needs libosmesa6 (Debian/Ubuntu). The Python peers go into a separate
# venv, SIMCAL_RENDER_BENCH_VENV (default ${TMPDIR:-/tmp}/simcal-render-bench-venv).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
min_seconds="${1:-3}"
trials="${2:-3}"
venv="${SIMCAL_RENDER_BENCH_VENV:-${TMPDIR:-/tmp}/simcal-render-bench-venv}"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

if ! ldconfig -p 2>/dev/null | grep -q libOSMesa; then
    echo "error: libOSMesa not found; install it with: sudo apt-get install libosmesa6" >&2
    exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
    echo "creating the reference renderer venv in $venv"
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import pyrender, OpenGL; assert OpenGL.__version__ == '3.1.7'" 2>/dev/null; then
    "$venv/bin/pip" install -q -r scripts/bench/render-requirements.txt
    # pyrender pins PyOpenGL 3.1.0, which cannot import OSMesaCreateContextAttribs;
    # pip warns about the pin, and 3.1.7 works.
    "$venv/bin/pip" install -q "PyOpenGL==3.1.7"
fi

cargo bench -q -p simcal-render --bench render_throughput --no-run
for trial in $(seq 1 "$trials"); do
    echo "== trial $trial: simcal-render (release) =="
    cargo bench -q -p simcal-render --bench render_throughput -- \
        --off-dir "$work_dir/meshes" --json "$work_dir/simcal-$trial.json" --min-seconds "$min_seconds"
    echo "== trial $trial: pyrender 0.1.45 + OSMesa (reference) =="
    PYOPENGL_PLATFORM=osmesa "$venv/bin/python" scripts/bench/render_reference.py \
        "$work_dir/meshes/torus_5k.off" "$work_dir/meshes/torus_100k.off" "$work_dir/meshes/torus_1m.off" \
        --min-seconds "$min_seconds" --json "$work_dir/reference-$trial.json"
done

echo "== views/s (best trial) and ratio (median of per-trial ratios; target >= 5) =="
python3 - "$work_dir" "$trials" <<'PY'
import json, statistics, sys
work_dir, trials = sys.argv[1], int(sys.argv[2])
def load(path):
    return {row["mesh"]: row for row in map(json.loads, open(path, encoding="utf-8"))}
simcal = [load(f"{work_dir}/simcal-{t}.json") for t in range(1, trials + 1)]
reference = [load(f"{work_dir}/reference-{t}.json") for t in range(1, trials + 1)]
print(f"{'mesh':<11} {'triangles':>9} {'simcal views/s':>15} {'reference views/s':>18} {'ratio':>7}")
for mesh, row in simcal[0].items():
    ours = [trial[mesh]["views_per_s"] for trial in simcal]
    theirs = [trial[mesh]["views_per_s"] for trial in reference]
    ratio = statistics.median(a / b for a, b in zip(ours, theirs))
    print(f"{mesh:<11} {row['triangles']:>9} {max(ours):>15.1f} {max(theirs):>18.1f} {ratio:>7.2f}")
PY
