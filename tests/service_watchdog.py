#!/usr/bin/env python3
"""The kiosk and hqd under a service manager's watchdog, with the settings of their systemd units.

CI machines run no systemd, so this test plays its part of the protocol (sd_notify(3)): it opens the
NOTIFY_SOCKET, sets WATCHDOG_USEC from the unit's WatchdogSec=, and restarts the process as Restart=always
with RestartSec= would. It asserts that each program says READY=1 after start (the kiosk after its first
frame), says WATCHDOG=1 at least once per WatchdogSec while idle, and comes back after SIGKILL and after a
hang (SIGSTOP) within 10 s on the home screen, with the kiosk's records intact.

usage: service_watchdog.py KIOSK HQD SOURCE_DIR
"""
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def unit_settings(path):
    text = open(path, encoding="utf-8").read()

    def get(key):
        m = re.search(rf"^{key}=(.*)$", text, re.M)
        return m.group(1).strip() if m else None

    return {"watchdog": float(get("WatchdogSec")), "restart": get("Restart"), "restart_sec": float(get("RestartSec") or 0.1)}


class Supervised:
    """One service: started, watched and restarted the way systemd would with its unit's settings."""

    def __init__(self, name, argv, unit, work):
        self.name, self.argv, self.unit = name, argv, unit
        self.sock_path = os.path.join(work, f"{name}.notify")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.sock_path)
        self.log = open(os.path.join(work, f"{name}.log"), "w+", encoding="utf-8")
        self.proc = None

    def start(self):
        env = dict(os.environ, NOTIFY_SOCKET=self.sock_path, WATCHDOG_USEC=str(int(self.unit["watchdog"] * 1e6)))
        self.proc = subprocess.Popen(self.argv, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.started = time.monotonic()

    def messages(self, timeout):
        """The notifications that arrive within timeout seconds (as a list of (time, text))."""
        out, end = [], time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                out.append((time.monotonic(), self.sock.recv(4096).decode()))
            except socket.timeout:
                break
        return out

    def wait_for(self, word, timeout):
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                if word in self.sock.recv(4096).decode().split("\n"):
                    return time.monotonic()
            except socket.timeout:
                break
        return None

    def watch_until_dead(self, limit):
        """Plays the watchdog: kills the process when WATCHDOG=1 stops coming. Returns when it was killed."""
        last = time.monotonic()
        end = last + limit
        while time.monotonic() < end:
            self.sock.settimeout(0.2)
            try:
                if "WATCHDOG=1" in self.sock.recv(4096).decode().split("\n"):
                    last = time.monotonic()
            except socket.timeout:
                pass
            if self.proc.poll() is not None:
                return time.monotonic()
            if time.monotonic() - last > self.unit["watchdog"]:
                # systemd sends SIGABRT (WatchdogSignal=), then SIGKILL once TimeoutStopSec= runs out; a stopped
                # process cannot act on the first, so the second is what ends it here.
                self.proc.send_signal(signal.SIGABRT)
                self.proc.kill()
                self.proc.wait()
                return time.monotonic()
        return None

    def restart(self):
        assert self.unit["restart"] == "always"
        time.sleep(self.unit["restart_sec"])
        self.start()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.sock.close()

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


def exercise(svc, idle_window):
    """READY, pings while idle, back after SIGKILL and after a hang. Returns the seconds each return took."""
    dog = svc.unit["watchdog"]
    ready = svc.wait_for("READY=1", 60)
    check(ready is not None, f"{svc.name}: READY=1 after start")
    if ready is None:
        print(svc.output())
        return
    pings = [t for t, m in svc.messages(idle_window) if "WATCHDOG=1" in m.split("\n")]
    gaps = [b - a for a, b in zip([ready] + pings, pings + [time.monotonic()])]
    check(len(pings) >= int(idle_window / dog), f"{svc.name}: {len(pings)} WATCHDOG=1 in {idle_window:.0f} s idle "
          f"(WatchdogSec={dog:g})")
    check(max(gaps) < dog, f"{svc.name}: longest silence {max(gaps):.1f} s < WatchdogSec={dog:g}")

    killed = time.monotonic()
    svc.proc.kill()
    svc.proc.wait()
    svc.restart()
    back = svc.wait_for("READY=1", 30)
    check(back is not None and back - killed < 10, f"{svc.name}: back {back - killed if back else -1:.1f} s after SIGKILL")

    svc.messages(0.5)
    hung = time.monotonic()
    svc.proc.send_signal(signal.SIGSTOP)
    dead = svc.watch_until_dead(3 * dog)
    check(dead is not None, f"{svc.name}: a hang (SIGSTOP) stops the pings and the watchdog ends it")
    if dead is None:
        return
    svc.restart()
    back = svc.wait_for("READY=1", 30)
    check(back is not None and back - hung < 10, f"{svc.name}: back {back - hung if back else -1:.1f} s after the hang")


def run_supervised(name, argv, unit_file, work):
    """Starts one service under the played watchdog, exercises it, stops it; returns it for its output."""
    svc = Supervised(name, argv, unit_settings(unit_file), work)
    svc.start()
    try:
        exercise(svc, 2.2 * svc.unit["watchdog"])
    finally:
        svc.stop()
    return svc


def main():
    kiosk, hqd, source = sys.argv[1:4]
    units = os.path.join(source, "deploy", "systemd")
    with tempfile.TemporaryDirectory() as work:
        db = os.path.join(work, "kiosk.db")
        # Records in the outbox before the kiosk is ever killed (the demo's check-ins).
        scn = os.path.join(work, "home.scn")
        open(scn, "w").write("expect screen home\n")
        subprocess.run([kiosk, "--db", db, "--demo", "--script", scn], check=True, stdout=subprocess.DEVNULL)
        count = lambda: sqlite3.connect(db).execute("SELECT count(*) FROM outbox").fetchone()[0]
        before = count()
        check(before >= 1, f"kiosk: {before} record(s) in the outbox before the test")

        k = run_supervised("kiosk", [kiosk, "--db", db, "--headless", "--trace"], os.path.join(units, "hall-kiosk.service"), work)
        screens = re.findall(r"^trace [0-9.]+ (\w+)", k.output(), re.M)
        starts = k.output().count("first frame after")
        check(starts == 3, f"kiosk: started 3 times (first, after SIGKILL, after the hang): {starts}")
        check(screens and all(s == "home" for s in screens[:1]) and screens.count("home") >= starts,
              f"kiosk: each start shows the home screen ({screens})")
        check(count() == before, f"kiosk: outbox intact ({count()} of {before})")

        with socket.socket() as probe:  # a free port on loopback
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        run_supervised("hqd", [hqd, "serve", "--db", os.path.join(work, "hq.db"), "--port", str(port)],
                       os.path.join(units, "hall-hqd.service"), work)
    print(f"service watchdog: {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
