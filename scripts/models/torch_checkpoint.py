"""Read a PyTorch state dict (.pth) into numpy arrays without PyTorch.

Both on-disk formats that `torch.save` has used are supported:

* the legacy format (before PyTorch 1.6): several pickles in a row (magic
  number, protocol version, system info, the object, the storage keys),
  followed by each storage's raw bytes, each prefixed by its element count
  as a little-endian int64;
* the zip format (PyTorch 1.6 and later): `<name>/data.pkl` plus one file
  per storage under `<name>/data/<key>`.

Tensors are rebuilt from (storage, offset, size, stride) with numpy stride
tricks and then copied, so that non-contiguous layouts (checkpoints converted
from TensorFlow often store convolution weights in HWIO order) come out as
ordinary C-contiguous arrays.
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LEGACY_MAGIC_NUMBER = 0x1950A86A20F9469CFC6C

STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}


@dataclass
class StorageRef:
    """A storage named in the pickle, filled with bytes after unpickling."""

    key: str
    dtype: type
    element_count: int
    data: np.ndarray | None = None


@dataclass
class PendingTensor:
    """A tensor whose storage bytes have not been read yet."""

    storage: StorageRef
    offset: int
    size: tuple[int, ...]
    stride: tuple[int, ...]

    def materialise(self) -> np.ndarray:
        if self.storage.data is None:
            raise ValueError(f"storage {self.storage.key} has no data")
        flat = self.storage.data[self.offset :]
        item = flat.itemsize
        view = np.lib.stride_tricks.as_strided(
            flat, shape=self.size, strides=tuple(s * item for s in self.stride)
        )
        return np.ascontiguousarray(view)


class StorageType:
    def __init__(self, name: str):
        if name not in STORAGE_DTYPES:
            raise pickle.UnpicklingError(f"unsupported storage type torch.{name}")
        self.name = name
        self.dtype = STORAGE_DTYPES[name]


def _rebuild_tensor(storage, offset, size, stride, *_ignored):
    return PendingTensor(storage, int(offset), tuple(size), tuple(stride))


def _rebuild_parameter(tensor, *_ignored):
    return tensor


class StateDictUnpickler(pickle.Unpickler):
    """Unpickler that allows only the globals a plain state dict uses."""

    def __init__(self, file, storages: dict[str, StorageRef]):
        super().__init__(file)
        self.storages = storages

    def find_class(self, module, name):
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name.endswith("Storage"):
            return StorageType(name)
        raise pickle.UnpicklingError(f"global {module}.{name} is not allowed in a state dict")

    def persistent_load(self, persistent_id):
        kind = persistent_id[0]
        if kind != "storage":
            raise pickle.UnpicklingError(f"unsupported persistent id kind {kind!r}")
        storage_type, key, _location, element_count = persistent_id[1:5]
        key = str(key)
        if key not in self.storages:
            self.storages[key] = StorageRef(key, storage_type.dtype, int(element_count))
        return self.storages[key]


def _load_legacy(file) -> tuple[dict, dict[str, StorageRef]]:
    magic = pickle.load(file)
    if magic != LEGACY_MAGIC_NUMBER:
        raise ValueError("not a PyTorch checkpoint: wrong magic number")
    protocol_version = pickle.load(file)
    if protocol_version != 1001:
        raise ValueError(f"unsupported legacy protocol version {protocol_version}")
    system_info = pickle.load(file)
    if not system_info.get("little_endian", True):
        raise ValueError("big-endian checkpoints are not supported")

    storages: dict[str, StorageRef] = {}
    result = StateDictUnpickler(file, storages).load()
    storage_keys = pickle.load(file)
    for key in storage_keys:
        storage = storages[str(key)]
        (element_count,) = struct.unpack("<q", file.read(8))
        item = np.dtype(storage.dtype).itemsize
        raw = file.read(element_count * item)
        if len(raw) != element_count * item:
            raise ValueError(f"storage {key} is truncated")
        storage.data = np.frombuffer(raw, dtype=storage.dtype)
    return result, storages


def _load_zip(path: Path) -> tuple[dict, dict[str, StorageRef]]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pickle_name = next((n for n in names if n.endswith("/data.pkl")), None)
        if pickle_name is None:
            raise ValueError(f"{path}: zip checkpoint without data.pkl")
        prefix = pickle_name[: -len("data.pkl")]
        storages: dict[str, StorageRef] = {}
        result = StateDictUnpickler(io.BytesIO(archive.read(pickle_name)), storages).load()
        for key, storage in storages.items():
            raw = archive.read(f"{prefix}data/{key}")
            storage.data = np.frombuffer(raw, dtype=storage.dtype)
    return result, storages


def load_state_dict(path: str | Path) -> dict[str, np.ndarray]:
    """Load a .pth state dict as an ordered mapping of name to numpy array."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        result, _ = _load_zip(path)
    else:
        with open(path, "rb") as file:
            result, _ = _load_legacy(file)
    if "state_dict" in result and isinstance(result["state_dict"], dict):
        result = result["state_dict"]
    state = collections.OrderedDict()
    for name, value in result.items():
        if isinstance(value, PendingTensor):
            state[name] = value.materialise()
    return state
