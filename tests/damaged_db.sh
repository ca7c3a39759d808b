#!/usr/bin/env bash
# Starts the kiosk on a damaged database file and checks it starts afresh and keeps the damaged file aside.
# usage: damaged_db.sh KIOSK SOURCE_DIR
set -euo pipefail
kiosk=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -c 65536 /dev/urandom > "$work/kiosk.db"  # not a database
cd "$work"
"$kiosk" --db "$work/kiosk.db" --config "$src/assets/config/kiosk.toml" --script "$src/tests/scenarios/damaged_db.scn"
aside=$(ls "$work"/kiosk.db.damaged-* 2>/dev/null | head -1)
[ -n "$aside" ] || { echo "the damaged file was not kept"; exit 1; }
[ "$(stat -c %s "$aside")" -eq 65536 ] || { echo "the damaged file was altered"; exit 1; }
echo "damaged file kept whole as $(basename "$aside")"
