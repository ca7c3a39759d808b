#!/usr/bin/env bash
# Runs one scenario against a fresh database in a temporary folder: run_scenario.sh KIOSK SCENARIO [kiosk args…]
# SCENARIO "-" runs the kiosk with just the arguments (e.g. --tour).
# SCENARIO_DISK=full or readonly (root only, else skipped with status 77): the folder is a small tmpfs, set up by a
# first run with the same arguments and no script; "full": the scenario fills it itself (`sh` with
# $SCENARIO_DISK=full); "readonly": it is mounted read-only and the scenario runs without --demo (which writes).
set -euo pipefail
kiosk=$1 scenario=$2
shift 2
work=$(mktemp -d)
disk=${SCENARIO_DISK:-}
if [ -n "$disk" ]; then
  if [ "$(id -u)" != 0 ]; then echo "SCENARIO_DISK=$disk needs root (a tmpfs mount): skipped"; rmdir "$work"; exit 77; fi
  mount -t tmpfs -o size=16m kiosk-scenario "$work"
  trap 'umount "$work" 2>/dev/null || umount -l "$work"; rmdir "$work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
out=${SCENARIO_SHOTS:-$PWD/scenario-shots}
mkdir -p "$out"
cd "$out"
if [ "$scenario" = "-" ]; then
  "$kiosk" --db "$work/kiosk.db" "$@"
elif [ -n "$disk" ]; then
  # A read-only database opens only with its -wal and -shm beside it: kept from the set-up run while it is open.
  mkdir "$work/keep"
  echo 'sh cp "$KIOSK_DB" "$KIOSK_DB-wal" "$KIOSK_DB-shm" "$(dirname "$KIOSK_DB")/keep/"' > "$work/setup.scn"
  "$kiosk" --db "$work/kiosk.db" --script "$work/setup.scn" "$@" > /dev/null
  if [ "$disk" = readonly ]; then cp "$work"/keep/* "$work/"; fi
  rm -rf "$work/keep" "$work/setup.scn"
  args=()
  for a in "$@"; do
    if [ "$disk" = readonly ] && [ "$a" = --demo ]; then continue; fi
    args+=("$a")
  done
  if [ "$disk" = readonly ]; then mount -o remount,ro "$work"; fi
  SCENARIO_DISK=$disk "$kiosk" --db "$work/kiosk.db" --script "$scenario" "${args[@]}"
else
  "$kiosk" --db "$work/kiosk.db" --script "$scenario" "$@"
fi
