#!/usr/bin/env bash
# Plays the staff scenarios, then searches their output and database files for every PIN typed in them.
# usage: pin_secrecy.sh KIOSK SOURCE_DIR
set -uo pipefail
kiosk=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$kiosk" --db "$work/a.db" --demo --config "$src/assets/config/kiosk.toml" --now 2026-11-27T10:20:00+08:00 \
  --script "$src/tests/scenarios/staff.scn" >"$work/log" 2>&1 || { cat "$work/log"; echo "staff.scn failed"; exit 1; }
"$kiosk" --db "$work/b.db" --demo --config "$src/assets/config/kiosk.toml" --now 2026-11-27T08:20:00+08:00 \
  --script "$src/tests/scenarios/staff_rules.scn" >>"$work/log" 2>&1 || { cat "$work/log"; echo "staff_rules.scn failed"; exit 1; }
# Every PIN the scenarios type (right and wrong ones), and the operator's.
pins=$(grep -hoE '^type [0-9]{4,8}$' "$src/tests/scenarios/staff.scn" "$src/tests/scenarios/staff_rules.scn" | cut -d' ' -f2 | sort -u)
[ -n "$pins" ] || { echo "no PINs found in the scenarios"; exit 1; }
found=0
for pin in $pins; do
  [ ${#pin} -ge 4 ] || continue
  [ "$pin" = 12 ] && continue
  for f in "$work"/log "$work"/*.db*; do
    if grep -aq -- "$pin" "$f"; then
      echo "PIN $pin appears in $(basename "$f")"
      found=1
    fi
  done
done
[ $found -eq 0 ] && echo "checked $(echo "$pins" | wc -l) PINs against the log and $(ls "$work"/*.db* | wc -l) database files: none found"
exit $found
