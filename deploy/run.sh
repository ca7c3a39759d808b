#!/usr/bin/env bash
# The main job: install, build, and run the kiosk with demo data. Without a display it says so and
# renders a tour of every screen to PNG files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/build.sh release
kiosk=build/release/kiosk/app/kiosk
data=${KIOSK_DATA:-$PWD/build/demo}
mkdir -p "$data"
# The demo's clock starts at 10:20 (Beijing time) today, so leaders are at their windows whenever it runs;
# forgotten check-outs are closed at the end of each half-day, so at night nobody would be.
now=${KIOSK_DEMO_NOW:-$(TZ=Asia/Shanghai date +%F)T10:20:00+08:00}
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  echo "Starting the kiosk with demo data (database $data/kiosk.db). Leave with Ctrl+Alt+Q."
  rm -f "$data/kiosk.db"*
  exec "$kiosk" --config assets/config/kiosk.toml --db "$data/kiosk.db" --demo --now "$now" "$@"
fi
tour="$PWD/build/tour"
echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): rendering a tour of the screens instead."
rm -rf "$tour" "$data/tour.db"*
"$kiosk" --config assets/config/kiosk.toml --db "$data/tour.db" --demo --now "$now" --tour "$tour" "$@" |
  grep -v '^screenshot '
echo "The tour is in $tour/ ($(ls "$tour" | wc -l) PNG files: home, duty board, person card, rating, report, query, staff;"
echo "portrait and landscape, 中文 and English, normal and 大字模式)."
