#!/usr/bin/env python3
"""Images per second of EfficientNet-Lite0 in Python onnxruntime, preprocessing included.

The Python side of scripts/bench/encode.sh: the same model file, images,
image count, batch size and rounds as simcal's encode_throughput example.
Preprocessing is the efficientnet-lite0 preset's, written as a torchvision
pipeline would do it with Pillow and numpy: bilinear resize of the shorter
side to 224, centre crop 224, (x / 255 - 0.5) / 0.5, NCHW. Images are decoded
once, before timing; the best of the rounds is reported.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import onnxruntime
from PIL import Image


def preprocess(image: Image.Image) -> np.ndarray:
    width, height = image.size
    if width <= height:
        size = (224, int(224 * height / width))
    else:
        size = (int(224 * width / height), 224)
    resized = image.resize(size, Image.BILINEAR)
    left = int(round((size[0] - 224) / 2.0))
    top = int(round((size[1] - 224) / 2.0))
    cropped = resized.crop((left, top, left + 224, top + 224))
    pixels = np.asarray(cropped, dtype=np.float32) / np.float32(255)
    return ((pixels - np.float32(0.5)) / np.float32(0.5)).transpose(2, 0, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--images", type=Path, required=True)
    parser.add_argument("--count", type=int, default=96)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    decoded = [Image.open(path).convert("RGB") for path in sorted(args.images.glob("*.png"))]
    images = [decoded[index % len(decoded)] for index in range(args.count)]
    session = onnxruntime.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])

    def embed_all() -> int:
        rows = 0
        for start in range(0, len(images), args.batch_size):
            batch = np.stack([preprocess(image) for image in images[start : start + args.batch_size]])
            (embedding,) = session.run(["embedding"], {"input": batch})
            rows += embedding.shape[0]
        return rows

    session.run(["embedding"], {"input": np.stack([preprocess(images[0])] * min(args.batch_size, len(images)))})
    best_seconds = float("inf")
    for _ in range(max(args.rounds, 1)):
        started = time.perf_counter()
        assert embed_all() == len(images)
        best_seconds = min(best_seconds, time.perf_counter() - started)
    print(
        f"python-onnxruntime images={len(images)} batch_size={args.batch_size} "
        f"best_seconds={best_seconds:.3f} images_per_second={len(images) / best_seconds:.1f}"
    )

    best_preprocess_seconds = float("inf")
    for _ in range(max(args.rounds, 1)):
        started = time.perf_counter()
        for image in images:
            preprocess(image)
        best_preprocess_seconds = min(best_preprocess_seconds, time.perf_counter() - started)
    print(f"python-onnxruntime preprocess_images_per_second={len(images) / best_preprocess_seconds:.1f}")


if __name__ == "__main__":
    main()
