#!/usr/bin/env python3
"""Damaged storage and full disks through the real kiosk binary (issue 14), one case per run.

usage: storage_faults.py KIOSK HQD KIOSK_SYNC SOURCE_DIR SHOTS_DIR CASE

Each case makes a real kiosk database (kiosk --demo), damages the real file as the case says, starts the kiosk
on it with a scenario (tests/scenarios/storage_*.scn) that asserts what the screens and the database show, and
then asserts on the files: the damaged file kept whole under a dated name, a newer file untouched, and so on.
The disk-full cases mount a small tmpfs and need root (they say so and fail otherwise); they unmount it after.
"""
import glob
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

KIOSK, HQD, KIOSK_SYNC, SRC, SHOTS, CASE = sys.argv[1:7]
SCN = os.path.join(SRC, "tests", "scenarios")
CONFIG = os.path.join(SRC, "assets", "config", "kiosk.toml")
NOW = "2026-11-27T10:20:00+08:00"


def fail(msg):
    print("FAIL [%s]: %s" % (CASE, msg))
    sys.exit(1)


def kiosk(db, scenario, *extra, expect_rc=0, now=NOW):
    shots = os.path.join(SHOTS, "storage", CASE)
    os.makedirs(shots, exist_ok=True)
    cmd = [KIOSK, "--db", db, "--config", CONFIG, "--now", now, "--script", scenario, *extra]
    r = subprocess.run(cmd, cwd=shots, capture_output=True, text=True, timeout=240)
    sys.stdout.write(r.stdout)
    sys.stdout.write(r.stderr)
    if r.returncode != expect_rc:
        fail("kiosk exited %d (expected %d): %s" % (r.returncode, expect_rc, " ".join(cmd)))
    return r


def make_db(db):
    """A real kiosk database with the demo's reference data and check-ins (in the outbox), checkpointed."""
    kiosk(db, os.path.join(SCN, "storage_rate.scn"), "--demo")
    for s in ("-wal", "-shm"):
        if os.path.exists(db + s) and os.path.getsize(db + s) > 0 and s == "-wal":
            fail("the WAL survived a clean exit")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def page_of(db, table):
    con = sqlite3.connect(db)
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
    con.close()
    return page, root


def garbage(n, seed):
    out = bytearray()
    x = seed
    while len(out) < n:
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out += x.to_bytes(8, "little")
    return bytes(out[:n])


def overwrite(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def check_set_aside(work, db, damaged_digest):
    asides = sorted(p for p in glob.glob(db + ".damaged-*") if not p.endswith(("-wal", "-shm")))
    if len(asides) != 1:
        fail("expected one file set aside, found %s" % asides)
    if digest(asides[0]) != damaged_digest:
        fail("the file set aside is not the damaged file as it was")
    print("set aside whole as %s" % os.path.basename(asides[0]))


def damage_case(kind):
    work = tempfile.mkdtemp()
    try:
        db = os.path.join(work, "kiosk.db")
        make_db(db)
        size = os.path.getsize(db)
        if kind.startswith("page_"):
            table = kind[len("page_"):]
            page, root = page_of(db, table)
            overwrite(db, (root - 1) * page, garbage(page, root))
        elif kind == "truncated_100":
            os.truncate(db, 100)
        elif kind == "truncated_half":
            os.truncate(db, size // 2)
        elif kind == "zero_bytes":
            os.truncate(db, 0)
        elif kind == "garbage_header":
            overwrite(db, 0, garbage(100, 7))
        elif kind == "all_garbage":
            overwrite(db, 0, garbage(size, 11))
        elif kind == "foreign":
            os.remove(db)
            con = sqlite3.connect(db)
            con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
            con.executemany("INSERT INTO photos(name) VALUES(?)", [("p%d" % i,) for i in range(50)])
            con.commit()
            con.close()
        else:
            fail("unknown damage " + kind)
        before = digest(db)
        r = kiosk(db, os.path.join(SCN, "storage_set_aside.scn"), "--demo")
        check_set_aside(work, db, before)
        con = sqlite3.connect(db)
        # The rating of the scenario is in the fresh file, with the highest number.
        last = con.execute("SELECT kind FROM outbox ORDER BY seq DESC LIMIT 1").fetchone()
        con.close()
        if not last or last[0] != "rating":
            fail("the rating submitted after the set-aside is not the newest record")
        if "set aside as" not in r.stderr:
            fail("the log does not say the file was set aside")
    finally:
        shutil.rmtree(work)


def wal_case(kind):
    work = tempfile.mkdtemp()
    try:
        db = os.path.join(work, "kiosk.db")
        make_db(db)
        # Two more ratings, acknowledged, then the process dies: they are in the WAL only.
        kiosk(db, os.path.join(SCN, "storage_crash.scn"), "--demo")
        wal = db + "-wal"
        if not os.path.exists(wal) or os.path.getsize(wal) == 0:
            fail("no WAL after the crash")
        wsize = os.path.getsize(wal)
        if kind == "deleted_wal":
            os.remove(wal)
        elif kind == "wal_tail":
            overwrite(wal, wsize - 200, garbage(200, 3))
        elif kind == "wal_header":
            overwrite(wal, 0, garbage(32, 5))
        elif kind == "wal_half":
            os.truncate(wal, wsize // 2)
        kiosk(db, os.path.join(SCN, "storage_rolled_back.scn"), "--demo")
        con = sqlite3.connect(db)
        lost = con.execute("SELECT detail FROM storage_events WHERE kind='rolled_back'").fetchone()[0]
        nxt = int(con.execute("SELECT value FROM meta WHERE key='next_seq'").fetchone()[0])
        top = con.execute("SELECT max(seq) FROM outbox").fetchone()[0]
        con.close()
        with open(db + ".seq") as f:
            mark = int(f.read())
        print("lost record numbers %s; next number %d, highest in the database %d, mark %d" % (lost, nxt, top, mark))
        if nxt != mark + 1 or top >= nxt:
            fail("the sequence does not go on after the lost numbers")
    finally:
        shutil.rmtree(work)


def damaged_outbox_in_use():
    """Damage met in use rather than at start: the page is garbled after the checks passed (between the check
    and the first read of the outbox, by the operator panel), so SQLite reports it on a read."""
    damage_case("page_outbox")


def newer_case():
    work = tempfile.mkdtemp()
    try:
        db = os.path.join(work, "kiosk.db")
        make_db(db)
        con = sqlite3.connect(db)
        con.execute("PRAGMA user_version=99")
        con.commit()
        con.close()
        before = digest(db)
        kiosk(db, os.path.join(SCN, "storage_newer.scn"))
        if digest(db) != before:
            fail("the newer database was changed")
        exports = glob.glob(db + ".export-*")
        if len(exports) != 1:
            fail("no export of the refused file: %s" % os.listdir(work))
        con = sqlite3.connect(exports[0])
        if con.execute("PRAGMA user_version").fetchone()[0] != 99 or con.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            fail("the export is not the refused file")
        con.close()
        if glob.glob(db + ".damaged-*"):
            fail("a newer database was set aside as damaged")
    finally:
        shutil.rmtree(work)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def gap_case():
    """A deleted WAL under acknowledged records shows at HQ as a gap in the kiosk's record numbers."""
    work = tempfile.mkdtemp()
    hq = None
    try:
        hqdb = os.path.join(work, "hq.db")
        token = subprocess.run([HQD, "enrol", "--db", hqdb, "--device", "kiosk-a"], capture_output=True, text=True,
                               check=True).stdout.strip()
        port = free_port()
        hq = subprocess.Popen([HQD, "serve", "--db", hqdb, "--port", str(port), "--bind", "127.0.0.1"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if "listening" not in hq.stdout.readline():
            fail("hqd did not start")
        db = os.path.join(work, "kiosk.db")
        cfg = os.path.join(work, "kiosk.toml")
        with open(CONFIG) as f:
            text = f.read()
        text = text.replace('url = ""', 'url = "http://127.0.0.1:%d"' % port).replace(
            'device_id = ""', 'device_id = "kiosk-a"').replace('device_token = ""', 'device_token = "%s"' % token)
        with open(cfg, "w") as f:
            f.write(text)

        def push():
            r = subprocess.run([KIOSK_SYNC, "--config", cfg, "--db", db, "push"], capture_output=True, text=True)
            print(r.stdout + r.stderr)
            if r.returncode != 0:
                fail("kiosk-sync push failed")

        make_db(db)
        push()
        con = sqlite3.connect(db)
        sent = con.execute("SELECT max(seq) FROM outbox").fetchone()[0]
        con.close()
        kiosk(db, os.path.join(SCN, "storage_crash.scn"))
        os.remove(db + "-wal")
        kiosk(db, os.path.join(SCN, "storage_rate.scn"))
        push()
        fleet = json.loads(subprocess.run([HQD, "kiosks", "--db", hqdb, "--json"], capture_output=True, text=True,
                                          check=True).stdout)
        print(json.dumps(fleet, ensure_ascii=False, indent=1))
        k = [x for x in fleet if x["device"] == "kiosk-a"][0]
        if k["gaps"] != [[sent + 1, sent + 2]]:
            fail("HQ should miss records %d-%d, it lists %s" % (sent + 1, sent + 2, k["gaps"]))
        if not any(e["kind"] == "rolled_back" for e in k["events"]):
            fail("HQ did not hear of the records lost at the kiosk")
        r = subprocess.run([KIOSK_SYNC, "--config", cfg, "--db", db, "reconcile"], capture_output=True, text=True)
        print(r.stdout + r.stderr)
        if "HQ lacks records %d\u2013%d" % (sent + 1, sent + 2) not in r.stdout:
            fail("the reconciliation report does not name the gap")
        print(subprocess.run([HQD, "kiosks", "--db", hqdb], capture_output=True, text=True).stdout)
    finally:
        if hq:
            hq.terminate()
            hq.wait(timeout=10)
        shutil.rmtree(work)


def need_root():
    if os.geteuid() != 0:
        fail("this case mounts a small tmpfs and needs root (CI runs as root)")


def fill(path):
    """Fills the disk with one file, written unbuffered: nothing is left to flush (and fail) when it is closed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        block = b"\0" * 65536
        while True:
            try:
                if os.write(fd, block) == 0:
                    break
            except OSError:
                if len(block) == 1:
                    break
                block = block[:len(block) // 2]  # the last free bytes too
    finally:
        os.close(fd)


def full_case(in_use):
    need_root()
    work = tempfile.mkdtemp()
    mnt = os.path.join(work, "disk")
    os.mkdir(mnt)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt], check=True)
    try:
        db = os.path.join(mnt, "kiosk.db")
        make_db(db)
        filler = os.path.join(mnt, "filler")
        ready = os.path.join(work, "ready")
        scn_name = "storage_full_in_use.scn" if in_use else "storage_disk_full.scn"
        with open(os.path.join(SCN, scn_name)) as f:
            text = f.read().replace("wait-gone FILLER", "wait-gone " + filler).replace("wait-gone READY", "wait-gone " + ready)
        scn = os.path.join(work, scn_name)
        with open(scn, "w") as f:
            f.write(text)
        if in_use:
            open(ready, "w").close()
        else:
            fill(filler)
        p = subprocess.Popen([KIOSK, "--db", db, "--config", CONFIG, "--now", NOW, "--script", scn],
                             cwd=os.makedirs(os.path.join(SHOTS, "storage", CASE), exist_ok=True) or
                             os.path.join(SHOTS, "storage", CASE), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
        time.sleep(1.5)
        if in_use:
            # The first rating goes in on a disk with room; then the disk fills under the running kiosk.
            deadline = time.time() + 60
            while not os.path.exists(os.path.join(SHOTS, "storage", CASE, "inuse-before.png")) and time.time() < deadline:
                time.sleep(0.1)
            fill(filler)
            os.remove(ready)
            time.sleep(2.5)
        os.remove(filler)
        out, _ = p.communicate(timeout=240)
        sys.stdout.write(out)
        if p.returncode != 0:
            fail("the kiosk scenario failed (exit %d)" % p.returncode)
    finally:
        subprocess.run(["umount", "-l", mnt])
        shutil.rmtree(work)


CASES = {
    "page_officials": lambda: damage_case("page_officials"),
    "page_outbox": lambda: damage_case("page_outbox"),
    "page_schedule": lambda: damage_case("page_schedule"),
    "page_sittings": lambda: damage_case("page_sittings"),
    "truncated_100": lambda: damage_case("truncated_100"),
    "truncated_half": lambda: damage_case("truncated_half"),
    "zero_bytes": lambda: damage_case("zero_bytes"),
    "garbage_header": lambda: damage_case("garbage_header"),
    "all_garbage": lambda: damage_case("all_garbage"),
    "foreign": lambda: damage_case("foreign"),
    "deleted_wal": lambda: wal_case("deleted_wal"),
    "wal_tail": lambda: wal_case("wal_tail"),
    "wal_header": lambda: wal_case("wal_header"),
    "wal_half": lambda: wal_case("wal_half"),
    "newer_schema": newer_case,
    "gap_at_hq": gap_case,
    "disk_full_at_start": lambda: full_case(False),
    "disk_full_in_use": lambda: full_case(True),
}

if CASE not in CASES:
    fail("unknown case; cases: " + ", ".join(CASES))
CASES[CASE]()
print("ok [%s]" % CASE)
