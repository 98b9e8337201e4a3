"""Reference renderer for scripts/bench/render.sh: pyrender through Mesa's
OSMesa (software OpenGL), drawing the same ring views as simcal-render.

Each OFF file gets 8 views at 224x224 px on a ring 20 degrees above the
ground plane (z up) with a 40 degree vertical field of view. The camera
distance makes the bounding sphere fill the view. Shading is flat, with a
directional light attached to the camera plus ambient light. After one
warm-up render per mesh, whole objects (8 views) are rendered for at least
--min-seconds. Prints one JSON object per mesh.
"""

import argparse
import json
import math
import os
import sys
import time

os.environ.setdefault("PYOPENGL_PLATFORM", "osmesa")

import numpy as np  # noqa: E402
import pyrender  # noqa: E402
import trimesh  # noqa: E402

VIEWS = 8
SIZE_PX = 224
ELEVATION_DEG = 20.0
FOV_DEG = 40.0


def look_at(eye, target, up):
    """Camera-to-world pose: the camera looks along its -z axis, y up."""
    forward = target - eye
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, up)
    right /= np.linalg.norm(right)
    true_up = np.cross(right, forward)
    pose = np.eye(4)
    pose[:3, 0] = right
    pose[:3, 1] = true_up
    pose[:3, 2] = -forward
    pose[:3, 3] = eye
    return pose


def ring_poses(center, radius):
    distance = radius / math.sin(math.radians(FOV_DEG) / 2.0)
    elevation = math.radians(ELEVATION_DEG)
    poses = []
    for view in range(VIEWS):
        azimuth = math.radians(view * 360.0 / VIEWS)
        # Same placement as simcal-render for z-up models: azimuth 0 on -y.
        direction = np.array(
            [
                math.cos(elevation) * math.sin(azimuth),
                -math.cos(elevation) * math.cos(azimuth),
                math.sin(elevation),
            ]
        )
        poses.append(look_at(center + distance * direction, center, np.array([0.0, 0.0, 1.0])))
    return poses, distance


def bench_mesh(path, renderer, min_seconds):
    loaded = trimesh.load(path, process=False)
    lower, upper = loaded.bounds
    center = (lower + upper) / 2.0
    radius = float(np.max(np.linalg.norm(loaded.vertices - center, axis=1)))
    poses, distance = ring_poses(center, radius)

    scene = pyrender.Scene(bg_color=[1.0, 1.0, 1.0, 1.0], ambient_light=[0.3, 0.3, 0.3])
    scene.add(pyrender.Mesh.from_trimesh(loaded, smooth=False))
    camera = pyrender.PerspectiveCamera(
        yfov=math.radians(FOV_DEG),
        aspectRatio=1.0,
        znear=max(distance - radius, 1e-3) * 0.95,
        zfar=(distance + radius) * 1.05,
    )
    camera_node = scene.add(camera, pose=poses[0])
    scene.add(pyrender.DirectionalLight(color=[1.0, 1.0, 1.0], intensity=3.0), parent_node=camera_node)

    renderer.render(scene)  # warm-up: uploads the mesh, compiles shaders
    objects = 0
    started = time.perf_counter()
    while objects < 3 or time.perf_counter() - started < min_seconds:
        for pose in poses:
            scene.set_pose(camera_node, pose)
            color, _depth = renderer.render(scene)
            assert color.shape == (SIZE_PX, SIZE_PX, 3)
        objects += 1
    elapsed_s = time.perf_counter() - started
    return {
        "mesh": os.path.splitext(os.path.basename(path))[0],
        "triangles": int(len(loaded.faces)),
        "size_px": SIZE_PX,
        "views_per_s": VIEWS * objects / elapsed_s,
        "objects": objects,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("off_files", nargs="+")
    parser.add_argument("--min-seconds", type=float, default=3.0)
    parser.add_argument("--json", help="file to write the JSON lines to")
    args = parser.parse_args()

    renderer = pyrender.OffscreenRenderer(SIZE_PX, SIZE_PX)
    lines = []
    for path in args.off_files:
        result = bench_mesh(path, renderer, args.min_seconds)
        print(
            f"{result['mesh']:<11} {result['triangles']:>9} triangles  "
            f"{result['views_per_s']:>9.1f} views/s  {1e3 / result['views_per_s']:>8.2f} ms/view  "
            f"({result['objects']} objects)",
            file=sys.stderr,
        )
        lines.append(json.dumps(result))
    renderer.delete()
    text = "\n".join(lines) + "\n"
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
