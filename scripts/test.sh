#!/usr/bin/env bash
# Sets up what the tests need (idempotently), then runs the whole test suite:
# unit, property, CLI and golden-image tests and the @fast Gherkin scenarios.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo_root/scripts/setup.sh"
cd "$repo_root"
cargo test --workspace --locked "$@"
