#!/usr/bin/env python3
"""Check a converted EfficientNet-Lite0 ONNX model on real photographs.

The photographs are scikit-image's sample data (chelsea, coffee, rocket:
CC0 or public domain, see fixtures/encode/photos/SOURCES.md). Each must get
an ImageNet top-1 class from its expected set, and the `embedding` output
must be 1280 finite values. Exits non-zero on any failure.

With --write-fixtures DIR it also writes the photographs resized (Pillow
bilinear, shorter side 256) as PNG files, and their `embedding` outputs as
little-endian float32 rows in `efficientnet_lite0_embeddings.f32`. The Rust
tests read both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import onnxruntime
from PIL import Image
from skimage import data

# ImageNet-1k class indices that count as a correct top-1.
EXPECTED_CLASSES = {
    "chelsea": {281: "tabby", 282: "tiger cat", 285: "Egyptian cat"},
    "coffee": {967: "espresso", 968: "cup"},
    "rocket": {657: "missile", 744: "projectile"},
}
FIXTURE_SHORTER_SIDE_PX = 256


def resize_shorter_side(image: Image.Image, shorter_side_px: int, resample) -> Image.Image:
    width, height = image.size
    if width <= height:
        size = (shorter_side_px, int(shorter_side_px * height / width))
    else:
        size = (int(shorter_side_px * width / height), shorter_side_px)
    return image.resize(size, resample)


def centre_crop(image: Image.Image, crop_px: int) -> Image.Image:
    width, height = image.size
    left = int(round((width - crop_px) / 2.0))
    top = int(round((height - crop_px) / 2.0))
    return image.crop((left, top, left + crop_px, top + crop_px))


def model_input(image: Image.Image) -> np.ndarray:
    """Apply the efficientnet-lite0 preset's preprocessing with PIL and numpy."""
    cropped = centre_crop(resize_shorter_side(image, 224, Image.BILINEAR), 224)
    pixels = np.asarray(cropped, dtype=np.float32) / np.float32(255)
    normalised = (pixels - np.float32(0.5)) / np.float32(0.5)
    return normalised.transpose(2, 0, 1)[None].astype(np.float32)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="the converted .onnx file")
    parser.add_argument("--write-fixtures", type=Path, help="folder for the resized photographs")
    args = parser.parse_args()

    session = onnxruntime.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    failures = 0
    embeddings = []
    for name, expected in EXPECTED_CLASSES.items():
        photo = Image.fromarray(getattr(data, name)()).convert("RGB")
        photo = resize_shorter_side(photo, FIXTURE_SHORTER_SIDE_PX, Image.BILINEAR)
        if args.write_fixtures:
            args.write_fixtures.mkdir(parents=True, exist_ok=True)
            photo.save(args.write_fixtures / f"{name}.png", optimize=True)
        embedding, logits = session.run(["embedding", "logits"], {"input": model_input(photo)})
        embeddings.append(embedding[0])
        top = [int(i) for i in np.argsort(-logits[0])[:5]]
        ok = top[0] in expected and embedding.shape == (1, 1280) and np.isfinite(embedding).all()
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: top-5 {top}, expected top-1 in {sorted(expected)}")
    if args.write_fixtures:
        rows = np.stack(embeddings).astype("<f4")
        (args.write_fixtures / "efficientnet_lite0_embeddings.f32").write_bytes(rows.tobytes())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
