"""Time Python trimesh loading the same mesh files as simcal's mesh_parse bench.

Prints one JSON line in the format of the Rust side. trimesh.load is called
with process=False (no vertex merging or cleanup), its cheapest path, so the
comparison is parser against parser; the default process=True is timed too.
"""

import argparse
import json
import os
import statistics
import time

import trimesh

EXTENSIONS = (".off", ".obj", ".ply", ".stl")


def collect_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in os.walk(path):
                files.extend(os.path.join(root, n) for n in names if n.lower().endswith(EXTENSIONS))
        elif path.lower().endswith(EXTENSIONS):
            files.append(path)
    return sorted(files)


def median_pass_seconds(files, passes, process):
    seconds = []
    for _ in range(passes):
        start = time.perf_counter()
        for path in files:
            trimesh.load(path, process=process)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", help="mesh files or folders")
    parser.add_argument("--passes", type=int, default=5, help="timed passes; the median is reported")
    args = parser.parse_args()

    files = collect_files(args.paths)
    total_bytes = sum(os.path.getsize(f) for f in files)
    triangles = 0
    for path in files:  # warm-up pass, also counts triangles
        triangles += len(trimesh.load(path, process=False).faces)
    raw_s = median_pass_seconds(files, args.passes, process=False)
    processed_s = median_pass_seconds(files, args.passes, process=True)
    print(json.dumps({
        "parser": f"trimesh {trimesh.__version__}",
        "files": len(files),
        "bytes": total_bytes,
        "triangles": triangles,
        "passes": args.passes,
        "median_pass_s": round(raw_s, 6),
        "mb_per_s": round(total_bytes / 1e6 / raw_s, 3),
        "median_pass_s_process_true": round(processed_s, 6),
    }))


if __name__ == "__main__":
    main()
