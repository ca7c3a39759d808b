#!/usr/bin/env python3
"""The rule each folder keeps (README "Layers"): which of our folders and which libraries it may include,
who may write SQL against the kiosk database, and who may read the system clock. Prints every breach with
its file and line; exits 1 if there is one."""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)

# folder: (our folders it may include, library headers it must not include)
RULES = {
    "sync/common": ({"sync/common"}, ["imgui", "SDL", "curl/", "nlohmann/"]),
    "sync/protocol": ({"sync/common", "sync/protocol"}, ["imgui", "SDL", "curl/", "sqlite3"]),
    "kiosk/core": ({"sync/common", "sync/protocol", "kiosk/core"}, ["imgui", "SDL", "curl/"]),
    "kiosk/ui": ({"kiosk/core", "kiosk/ui"}, ["SDL", "curl/", "httplib", "sqlite3", "nlohmann/"]),
    "sync/client": ({"sync/common", "sync/protocol", "kiosk/core", "sync/client"}, ["imgui", "SDL", "sqlite3"]),
    "sync/hq": ({"sync/common", "sync/protocol", "sync/hq"}, ["imgui", "SDL"]),
    "kiosk/app": ({"sync/common", "kiosk/core", "kiosk/ui", "kiosk/app", "sync/client"}, ["sqlite3", "nlohmann/"]),
}
# Only kiosk/core writes SQL against kiosk.db (sync/hq has its own database).
SQL_WRITE = re.compile(r"\b(INSERT\s+INTO|INSERT\s+OR|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE|sqlite3_exec|sqlite3_prepare)")
NO_SQL = ["kiosk/ui", "kiosk/app", "sync/client"]
# Only the clock module reads the system clock.
CLOCK = re.compile(r"std::chrono::(system|steady|high_resolution)_clock|std::time\s*\(|\btime\s*\(\s*(nullptr|NULL|0)\s*\)|gettimeofday|clock_gettime")
CLOCK_OWNER = "sync/common/clock.cpp"
INCLUDE = re.compile(r'#include\s+([<"])([^>"]+)[>"]')

breaches = []
for folder, (allowed, banned_libs) in RULES.items():
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix not in (".cpp", ".h"):
            continue
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.search(line)
            if m:
                header = m.group(2)
                ours = re.match(r"(kiosk|sync)/[a-z_]+", header)
                if m.group(1) == '"' and ours and ours.group(0) not in allowed:
                    breaches.append(f"{rel}:{n}: includes {header} ({folder} may include {', '.join(sorted(allowed))})")
                if m.group(1) == "<" and any(header.startswith(b) for b in banned_libs):
                    breaches.append(f"{rel}:{n}: includes <{header}>, which {folder} must not use")
            if folder in NO_SQL and SQL_WRITE.search(line):
                breaches.append(f"{rel}:{n}: SQL outside kiosk/core: {line.strip()}")
            if rel != CLOCK_OWNER and CLOCK.search(line):
                breaches.append(f"{rel}:{n}: reads the system clock outside {CLOCK_OWNER}: {line.strip()}")

checked = sum(1 for f in RULES for p in (ROOT / f).rglob("*") if p.suffix in (".cpp", ".h"))
if checked < 50:
    breaches.append(f"only {checked} source files found under {ROOT}: wrong folder?")
for b in breaches:
    print(b)
print(f"layer rules: {checked} files, {len(breaches)} breaches")
sys.exit(1 if breaches else 0)
