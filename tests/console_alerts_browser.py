"""告警 in a real browser (Debian's chromium + chromedriver through python3-selenium) against a real hqd on 127.0.0.1
and a webhook receiver of this test's own on 127.0.0.1: a kiosk's check-in, 差评 and 办不成事 arrive over /v1/records;
the bureau sees the alert list naming the official sitting the window and the badge count; a generic webhook is added
in the page and its 测试发送 reaches the receiver; a new 差评 raises the badge without a reload; 全部标为已读 clears it;
no phone or citizen's name is on the page or at the receiver. Screenshots go to the folder given.

usage: console_alerts_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid as uuidlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402  (its browser driver and helpers)
from selenium.webdriver.common.by import By  # noqa: E402

ARRIVED = []


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8", "replace")
        ARRIVED.append((self.headers.get("X-Event-Id"), body))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def checkin(official, window):
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "official_id": official, "window_id": window, "schedule_id": None, "date": "2026-11-27",
            "half": "am", "checkin_at": "2026-11-27T09:00:00+08:00", "unscheduled_reason": "测试"}
    return {"uuid": u, "kind": "checkin", "created_at": "2026-11-27T01:00:00Z", "body": body}


def badge(c):
    return c.driver.execute_script(
        "const b = document.getElementById('alert-badge'); return b ? (b.hidden ? '' : b.textContent) : null")


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="console-alerts-")
    db = os.path.join(work, "hq.db")
    server = console = None
    rx = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=rx.serve_forever, daemon=True).start()
    try:
        cb.hqd_cli(hqd, db, "import-reference", os.path.join(source, "assets/demo/reference.json"))
        token = cb.hqd_cli(hqd, db, "enrol", "--device", "kiosk-a", "--kiosk-number", "1").strip().split()[-1]
        cb.hqd_cli(hqd, db, "user", "add", "--login", "bureau", "--role", "admin", stdin=cb.PASSWORD + "\n")
        # A kiosk enrolled at 09:00 that never reported: silent by 10:20, the bureau is told at hqd's first check.
        subprocess.run([hqd, "enrol", "--device", "kiosk-z", "--kiosk-number", "9", "--db", db, "--now",
                        "2026-11-27T09:00:00+08:00"], check=True, capture_output=True, timeout=60)
        port = cb.free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([hqd, "serve", "--db", db, "--port", str(port), "--now", cb.NOW],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(300):
            try:
                if cb.http("GET", f"{base}/v1/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        cb.records(base, "kiosk-a", token, [checkin("o01", "wA01")])
        _, bad = cb.rating("o01", "冯堃", "very_dissatisfied", "我叫张三，电话13812345678", "13812345678")
        cb.records(base, "kiosk-a", token, [bad])

        console = c = cb.Console(base, shots)
        c.sign_in("bureau")
        c.find("#page-home")
        c.go("alerts")
        c.find("#alerts-table")
        cb.check(c.wait_text("#alerts-table", "冯堃"), "the alert names the rated official and who sits the window")
        cb.check(c.wait_text("#alerts-table", "终端失联提醒"), "the silent kiosk's alert is listed in words")
        table = c.text("#alerts-table")
        cb.check("kiosk-z（9号机）" in table and "从未报告（登记于 2026-11-27 09:00）" in table and "已失联 80 分钟" in table,
                 f"naming the kiosk by its id and number, since when and how long: {table!r}")
        cb.check(c.wait_text("#alert-badge", "2"), f"the badge counts the unseen alerts ({badge(c)!r})")
        page = c.driver.find_element(By.TAG_NAME, "body").text
        cb.check("13812345678" not in page and "138****5678" not in page and "张三" not in page,
                 "no phone or citizen's name on the alerts page")
        # A URL typed wrong is refused with HQ's reason in the page's language, and nothing is kept.
        c.type("#webhook-url", "qyapi.weixin.qq.com/cgi-bin/webhook send")
        c.click("#webhook-add")
        cb.check(c.wait_text("#alerts-message", "网址应以 http:// 或 https:// 开头"),
                 f"a wrong URL is refused in Chinese: {c.text('#alerts-message')!r}")
        c.type("#webhook-url", f"http://127.0.0.1:{rx.server_address[1]}/hook")
        c.driver.find_element(By.CSS_SELECTOR, "#webhook-kind option[value=generic]").click()
        c.click("#webhook-add")
        c.find("#webhooks-table")
        c.click("[id^=webhook-test-]")
        deadline = time.time() + 20
        while time.time() < deadline and not any('"test"' in b for _, b in ARRIVED):
            time.sleep(0.2)
        cb.check(any('"test"' in b for _, b in ARRIVED), "测试发送 reaches the receiver through the outbox")
        c.go("alerts")
        c.find("#outgoing-table")
        c.shot("alerts")
        # A new 差评 while the page stays open: the badge rises without a reload.
        c.go("home")
        c.find("#page-home")
        _, again = cb.rating("o01", "冯堃", "dissatisfied", "", None)
        marker = c.driver.execute_script("window.__same_page = 1; return 1")
        cb.records(base, "kiosk-a", token, [again])
        deadline = time.time() + 25
        while time.time() < deadline and badge(c) != "3":
            time.sleep(0.5)
        cb.check(badge(c) == "3" and c.driver.execute_script("return window.__same_page") == marker,
                 f"the badge shows 3 without a reload ({badge(c)!r})")
        c.shot("alerts-badge-live")
        cb.check(any(e for e, b in ARRIVED if '"bad_rating"' in b), "the new 差评's alert reached the webhook")
        cb.check(all("13812345678" not in b and "张三" not in b for _, b in ARRIVED), "no phone or name at the receiver")
        c.go("alerts")
        c.click("#alerts-seen")
        deadline = time.time() + 15
        while time.time() < deadline and badge(c) != "":
            time.sleep(0.3)
        cb.check(badge(c) == "", "全部标为已读 clears the badge")
        c.driver.find_element(By.ID, "lang-toggle").click()
        c.find("#alerts-table")
        time.sleep(0.5)
        cb.check("Kiosk silent" in c.text("#alerts-table") and "kiosk-z (no. 9)" in c.text("#alerts-table"),
                 "the kiosk's alert in English")
        c.shot("alerts")
    finally:
        if console:
            console.driver.quit()
        if server:
            server.terminate()
            server.wait(timeout=30)
        rx.shutdown()
    print(f"{len(cb.FAILURES)} failures", flush=True)
    return 1 if cb.FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
