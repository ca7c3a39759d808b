#!/usr/bin/env bash
# Installs the Debian packages (deploy/install-deps.sh), then configures and builds with a CMake preset.
# usage: deploy/build.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
bash deploy/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --parallel "$(nproc)"
