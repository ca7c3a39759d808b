#!/usr/bin/env bash
# The Debian packages as a hall's IT person meets them, on this (root, throwaway) machine: build both from
# the release build, lint them, install them, check users, folders and units, run the installed hqd and
# kiosk and sync one record between them, start the kiosk under cage (headless wlroots), upgrade to a second
# build and check that the records and an edited config survive, then remove (data kept) and purge (gone).
# usage: deploy/package-test.sh   (after deploy/build.sh release; needs root)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build/release
[ "$(id -u)" -eq 0 ] || { echo "package-test: needs root (it installs packages)"; exit 1; }
work=$(mktemp -d)
hqd_pid=""
cleanup() {
  [ -n "$hqd_pid" ] && kill "$hqd_pid" 2>/dev/null && wait "$hqd_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }
ok() { echo "ok   $*"; }
export DEBIAN_FRONTEND=noninteractive

# --- build and lint ---
cmake --build "$build" --target all >/dev/null
version=$(sed -n 's/^HALL_PACKAGE_VERSION:STRING=//p' "$build/CMakeCache.txt")
(cd "$build" && cpack -G DEB -B "$work/v1" >/dev/null)
(cd "$build" && cpack -G DEB -B "$work/v2" -R "$version+upgrade1" >/dev/null)
v1_kiosk=$(ls "$work"/v1/hall-kiosk_*.deb) v1_hqd=$(ls "$work"/v1/hall-hqd_*.deb)
v2_kiosk=$(ls "$work"/v2/hall-kiosk_*.deb) v2_hqd=$(ls "$work"/v2/hall-hqd_*.deb)
ok "built $(basename "$v1_kiosk"), $(basename "$v1_hqd") and the upgrade $(basename "$v2_kiosk")"
lint=$(lintian --tag-display-limit 0 "$v1_kiosk" "$v1_hqd" 2>/dev/null || true)
echo "$lint" | sed 's/^/     lintian: /'
if echo "$lint" | grep -q '^E:'; then fail "lintian reports errors"; fi
ok "lintian: no errors"

# --- install (after purging what an earlier, interrupted run left: its edited conffiles and data) ---
for p in hall-kiosk hall-hqd; do
  dpkg -s "$p" >/dev/null 2>&1 && { apt-get purge -y "$p" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "purging an earlier $p"; }; }
done
apt-get install -y --no-install-recommends "$v1_hqd" "$v1_kiosk" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "install"; }
for u in hall-kiosk hall-hqd; do
  getent passwd "$u" >/dev/null || fail "no user $u"
  [ "$(stat -c %U /var/lib/$u)" = "$u" ] || fail "/var/lib/$u is not owned by $u"
done
ok "users hall-kiosk and hall-hqd, their folders in /var/lib"
for f in /usr/bin/kiosk /usr/bin/kiosk-sync /usr/bin/hqd /usr/lib/hall-kiosk/kiosk-session /etc/hall-kiosk/kiosk.toml \
         /etc/default/hall-hqd /usr/share/hall-kiosk/assets/i18n/zh-CN.json /usr/share/hall-hqd/assets/i18n/zh-CN.json \
         /usr/share/doc/hall-hqd/examples/nginx.conf; do
  [ -e "$f" ] || fail "missing $f"
done
grep -q '^operator_pin_hash = ""' /etc/hall-kiosk/kiosk.toml || fail "the installed config carries the demo operator PIN"
grep -q '^database = "/var/lib/hall-kiosk/kiosk.db"' /etc/hall-kiosk/kiosk.toml || fail "the installed config's database"
ok "files in place; the config has no demo PIN and its database in /var/lib/hall-kiosk"
units=(/lib/systemd/system/hall-kiosk.service /lib/systemd/system/hall-kiosk-sync.service
       /lib/systemd/system/hall-kiosk-sync.timer /lib/systemd/system/hall-hqd.service)
systemd-analyze verify "${units[@]}" || fail "systemd-analyze verify"
for l in graphical.target.wants/hall-kiosk.service timers.target.wants/hall-kiosk-sync.timer multi-user.target.wants/hall-hqd.service; do
  [ -L "/etc/systemd/system/$l" ] || fail "not enabled: $l"
done
ok "units verify and are enabled"
score=$(systemd-analyze security --offline=yes /lib/systemd/system/hall-hqd.service 2>/dev/null | sed -n 's/.*exposure level for hall-hqd.service: \([0-9.]*\).*/\1/p')
ok "systemd-analyze security hall-hqd.service: $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s + 0 <= 2.0) }' || fail "hqd's exposure $score is above 2.0"

# --- the installed hqd and kiosk, as their services would run them ---
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_hqd() { runuser -u hall-hqd -- "$@"; }
as_kiosk() { runuser -u hall-kiosk -- "$@"; }
cp "$root/assets/demo/reference.json" "$work/ref.json" && chmod 644 "$work/ref.json" && chmod 755 "$work"
d=$(TZ=Asia/Shanghai date +%F)  # today's sittings for 冯堃 (o01) at A01, both halves
cat > "$work/today.json" <<END
{"protocol": 1, "full": false, "schedule": [
  {"id": "s-$d-am", "date": "$d", "half": "am", "official_id": "o01", "window_id": "wA01", "note": ""},
  {"id": "s-$d-pm", "date": "$d", "half": "pm", "official_id": "o01", "window_id": "wA01", "note": ""}]}
END
chmod 644 "$work/today.json"
as_hqd hqd import-reference --db /var/lib/hall-hqd/hq.db "$work/ref.json"
as_hqd hqd import-reference --db /var/lib/hall-hqd/hq.db "$work/today.json"
token=$(as_hqd hqd enrol --db /var/lib/hall-hqd/hq.db --device kiosk-1)
# setpriv execs hqd itself (runuser would stay in between and not pass the stop on).
setpriv --reuid=hall-hqd --regid=hall-hqd --init-groups hqd serve --db /var/lib/hall-hqd/hq.db --port "$port" >"$work/hqd.log" 2>&1 &
hqd_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v1/health" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/v1/health" >/dev/null || { cat "$work/hqd.log"; fail "the installed hqd does not answer on 127.0.0.1:$port"; }
# The operator's edit of the conffile: HQ's address and this kiosk's credentials.
sed -i "s|^url = \"\"|url = \"http://127.0.0.1:$port\"|; s|^device_id = \"\"|device_id = \"kiosk-1\"|; s|^device_token = \"\"|device_token = \"$token\"|" \
  /etc/hall-kiosk/kiosk.toml
cd /var/lib/hall-kiosk
as_kiosk kiosk-sync --config /etc/hall-kiosk/kiosk.toml pull >/dev/null || fail "kiosk-sync pull"
echo 'checkin o01' > "$work/checkin.scn"
as_kiosk kiosk --config /etc/hall-kiosk/kiosk.toml --script "$work/checkin.scn" >/dev/null || fail "a check-in on the installed kiosk"
as_kiosk kiosk-sync --config /etc/hall-kiosk/kiosk.toml push >/dev/null || fail "kiosk-sync push"
cd "$root"
[ "$(as_hqd hqd count --db /var/lib/hall-hqd/hq.db)" = "1" ] || fail "HQ did not get the kiosk's record"
ok "installed kiosk → installed hqd: one check-in synced"
fleet=$(as_hqd hqd kiosks --db /var/lib/hall-hqd/hq.db)
echo "$fleet" | grep -q "^kiosk-1: last report [0-9T:Z-]*, version $version, storage ok" || { echo "$fleet"; fail "hqd kiosks does not show kiosk-1 running $version"; }
ok "HQ's fleet list: $(echo "$fleet" | sed -n 's/^kiosk-1: \(last report [^,]*, version [^,]*\).*/\1/p')"
first=$(as_kiosk env SDL_VIDEODRIVER=offscreen kiosk --config /etc/hall-kiosk/kiosk.toml --headless --first-frame | grep 'first frame')
ok "installed kiosk, offscreen: $first"

# --- the kiosk session: the unit's own start script, cage with wlroots' headless backend, a turned panel ---
xdg=$(mktemp -d) && chown hall-kiosk "$xdg" && chmod 700 "$xdg"
sed -i 's/^screen_rotation = 0/screen_rotation = 90/' /etc/hall-kiosk/kiosk.toml
# The notifications systemd would get, with the environment it gives the unit's main process (the script): READY=1
# and WATCHDOG=1 must come from the kiosk, two processes below it under cage.
python3 - "$xdg/notify" >"$work/notify.log" <<'PY' &
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
s.settimeout(90)
try:
    while True:
        print(s.recv(4096).decode().replace("\n", " "), flush=True)
except socket.timeout:
    pass
PY
listener=$!
for _ in $(seq 50); do [ -S "$xdg/notify" ] && break; sleep 0.1; done
session=$(as_kiosk env XDG_RUNTIME_DIR="$xdg" RUNTIME_DIRECTORY="$xdg" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
  WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland NOTIFY_SOCKET="$xdg/notify" WATCHDOG_USEC=5000000 timeout 60 \
  sh -c 'export WATCHDOG_PID=$$; exec /usr/lib/hall-kiosk/kiosk-session /etc/hall-kiosk/kiosk.toml --first-frame' 2>&1) ||
  fail "kiosk-session exit status $?: $session"
[ "$(cat "$xdg/exit-status")" = 0 ] || fail "kiosk-session did not pass the kiosk's exit status back"
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null || true
rm -rf "$xdg"
echo "$session" | grep -q 'first frame after' || { echo "$session"; fail "the kiosk under cage drew no frame"; }
ok "kiosk-session under cage (headless, screen_rotation = 90): $(echo "$session" | grep 'first frame')"
grep -q 'READY=1' "$work/notify.log" && grep -q 'WATCHDOG=1' "$work/notify.log" ||
  { cat "$work/notify.log"; fail "the kiosk under cage did not notify READY=1 and WATCHDOG=1"; }
ok "the kiosk under cage tells the service manager READY=1 and WATCHDOG=1: $(tr '\n' ' ' < "$work/notify.log")"

# --- upgrade: records and the operator's edits survive; a running kiosk restarts itself at its idle home ---
setpriv --reuid=hall-kiosk --regid=hall-kiosk --init-groups env SDL_VIDEODRIVER=offscreen \
  kiosk --config /etc/hall-kiosk/kiosk.toml --headless >"$work/running.log" 2>&1 &
running=$!
# Upgrade only once the kiosk runs from the installed file (setpriv and env exec into it).
for _ in $(seq 100); do [ "$(readlink "/proc/$running/exe" 2>/dev/null)" = /usr/bin/kiosk ] && break; sleep 0.1; done
[ "$(readlink "/proc/$running/exe" 2>/dev/null)" = /usr/bin/kiosk ] || { cat "$work/running.log"; fail "the kiosk did not start before the upgrade"; }
sleep 1
# HQ's records before the upgrade: the running kiosk may add one meanwhile (past the hall's hours it closes the
# check-in's sitting and sends the check-out), but none may go.
held=$(as_hqd hqd count --db /var/lib/hall-hqd/hq.db)
apt-get install -y --no-install-recommends "$v2_hqd" "$v2_kiosk" >"$work/apt2.log" 2>&1 || { cat "$work/apt2.log"; fail "upgrade"; }
[ "$(dpkg-query -W -f='${Version}' hall-kiosk)" = "$version+upgrade1" ] || fail "hall-kiosk was not upgraded"
grep -q "^device_id = \"kiosk-1\"" /etc/hall-kiosk/kiosk.toml || fail "the upgrade lost the edited config"
[ "$(as_hqd hqd count --db /var/lib/hall-hqd/hq.db)" -ge "$held" ] || fail "the upgrade lost HQ's records"
status=$(as_kiosk kiosk-sync --config /etc/hall-kiosk/kiosk.toml status)
echo "$status" | grep -Eq 'sent[^0-9]*[1-9]' || { echo "$status"; fail "the upgrade lost the kiosk's record"; }
ok "upgraded to $version+upgrade1: config edits, HQ's record and the kiosk's record kept"
# It looks once a minute, and only on the home screen with nobody at it for 20 s.
for _ in $(seq 150); do kill -0 "$running" 2>/dev/null || break; sleep 1; done
if kill -0 "$running" 2>/dev/null; then
  kill "$running"; cat "$work/running.log"; fail "the running kiosk did not restart within 150 s of the upgrade"
fi
rc=0; wait "$running" || rc=$?
[ "$rc" = 75 ] && grep -q 'a new version is installed' "$work/running.log" || { cat "$work/running.log"; fail "exit $rc after the upgrade"; }
ok "the running kiosk saw the upgrade and asked to be restarted (exit 75) from its idle home screen"
kill "$hqd_pid"; wait "$hqd_pid" 2>/dev/null || true; hqd_pid=""

# --- remove keeps data, purge removes it ---
apt-get remove -y hall-kiosk hall-hqd >/dev/null 2>&1 || fail "remove"
[ -f /var/lib/hall-kiosk/kiosk.db ] && [ -f /var/lib/hall-hqd/hq.db ] && [ -f /etc/hall-kiosk/kiosk.toml ] || fail "remove deleted data"
ok "remove: databases and config kept"
apt-get purge -y hall-kiosk hall-hqd >/dev/null 2>&1 || fail "purge"
[ ! -e /var/lib/hall-kiosk ] && [ ! -e /var/lib/hall-hqd ] && [ ! -e /etc/hall-kiosk ] || fail "purge left data behind"
! getent passwd hall-kiosk >/dev/null && ! getent passwd hall-hqd >/dev/null || fail "purge left the users"
ok "purge: data, config and users gone"
echo "package test: passed"
