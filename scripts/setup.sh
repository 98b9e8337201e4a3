#!/usr/bin/env bash
# Installs everything simcal needs on Debian 12 or Ubuntu: system packages
# for headless rendering, a Python virtual environment with the ONNX Runtime
# wheel, the runtime library itself and the EfficientNet-Lite0 model.
# Safe to run repeatedly: each step checks what is already in place.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SIMCAL_HOME="${SIMCAL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/simcal}"
export SIMCAL_VENV="${SIMCAL_VENV:-$repo_root/.venv}"
mkdir -p "$SIMCAL_HOME"

for part in "$repo_root"/scripts/setup.d/*.sh; do
    # shellcheck source=/dev/null
    source "$part"
done
echo "simcal set-up complete (SIMCAL_HOME=$SIMCAL_HOME)"
