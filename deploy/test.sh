#!/usr/bin/env bash
# Installs, builds and runs every test: the release build, then the debug build with AddressSanitizer
# and UBSan. Screenshots of the scenarios land in build/<preset>/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in release debug; do
  bash deploy/build.sh "$preset"
  ctest --preset "$preset" --parallel "$(nproc)"
  # The Debian packages, built from the release build, installed, upgraded and purged on this machine.
  if [ "$preset" = release ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO bash deploy/package-test.sh
  fi
done
