#!/usr/bin/env bash
# Mesh parsing throughput: simcal's loaders (Rust) against Python trimesh on
# the same files, in one run, and the ratio. Both sides read each file from
# disk and build an in-memory mesh, after one untimed pass that warms the
# page cache. Each side reports the median of PASSES timed passes.
#
# Usage: scripts/bench/mesh-parse.sh DIR_OR_FILE...
#   e.g. a folder of ModelNet .off samples. PASSES (default 5) sets the
#   number of timed passes; BENCH_VENV (default /tmp/benchvenv) is the
#   throwaway venv that holds trimesh, created on first use.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 DIR_OR_FILE... (mesh files or folders to parse)" >&2
    exit 2
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${BENCH_VENV:-/tmp/benchvenv}"
passes="${PASSES:-5}"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trimesh" 2>/dev/null; then
    echo "creating $venv with trimesh" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$repo_root/scripts/bench/requirements-mesh.txt"
fi

cd "$repo_root"
cargo build --release --quiet -p simcal-mesh --bench mesh_parse
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
rust_line="$(SIMCAL_BENCH_PASSES="$passes" cargo bench --quiet -p simcal-mesh --bench mesh_parse -- "$@")"
python_line="$("$venv/bin/python" scripts/bench/mesh_parse_trimesh.py --passes "$passes" "$@")"
echo "$rust_line"
echo "$python_line"
"$venv/bin/python" - "$rust_line" "$python_line" <<'PY'
import json, sys
rust, python = (json.loads(line) for line in sys.argv[1:3])
if rust["files"] != python["files"] or rust["triangles"] != python["triangles"]:
    print(f"warning: inputs differ: simcal {rust['files']} files {rust['triangles']} triangles, "
          f"trimesh {python['files']} files {python['triangles']} triangles")
print(f"ratio simcal/trimesh (process=False): {python['median_pass_s'] / rust['median_pass_s']:.2f}x")
print(f"ratio simcal/trimesh (process=True):  {python['median_pass_s_process_true'] / rust['median_pass_s']:.2f}x")
PY
