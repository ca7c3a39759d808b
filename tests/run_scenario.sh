#!/usr/bin/env bash
# Runs one scenario against a fresh database in a temporary folder: run_scenario.sh KIOSK SCENARIO [kiosk args…]
# SCENARIO "-" runs the kiosk with just the arguments (e.g. --tour).
set -euo pipefail
kiosk=$1 scenario=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${SCENARIO_SHOTS:-$PWD/scenario-shots}
mkdir -p "$out"
cd "$out"
if [ "$scenario" = "-" ]; then
  "$kiosk" --db "$work/kiosk.db" "$@"
else
  "$kiosk" --db "$work/kiosk.db" --script "$scenario" "$@"
fi
