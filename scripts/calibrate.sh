#!/usr/bin/env bash
# Sets up what simcal needs (idempotently), then runs the calibration:
# `./scripts/calibrate.sh` runs the documented defaults into runs/<timestamp>/;
# any arguments go to `simcal calibrate` (try --help).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo_root/scripts/setup.sh"
cd "$repo_root"
command -v cargo >/dev/null 2>&1 || export PATH="$HOME/.cargo/bin:$PATH"
cargo run --release --locked -- calibrate "$@"
