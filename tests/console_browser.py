"""The bureau's console in a real browser (Debian's chromium + chromedriver through python3-selenium) against a real
hqd on 127.0.0.1: a kiosk's 差评 and 办不成事 arrive over /v1/records, then the bureau, a liaison and a leader do a
day's work in the pages — sign in, 差评处置 through every state and an 申诉, a 办不成事 found by its receipt as
printed, 转办 and 办结 with a reply that reaches the kiosk's feed, another department's case refused by URL and by
API, a change without the CSRF token refused, a citizen's <script> shown as text, the kiosks (设备) with a missing
record number, a set-aside file and a newer kiosk's outbox, disk, screen and last error, users and the audit log, English, sign-out, lockout after 5 wrong passwords. Screenshots of every page at 1366×768 and 1920×1080 (zh and en) go to
the folder given.

usage: console_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import calendar
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid as uuidlib

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

NOW = "2026-11-27T10:20:00+08:00"
PASSWORD = "Hall-console-2026"
FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILURES.append(what)


# The Damm check digit (the quasigroup table of sync/protocol/damm.cpp).
DAMM = [[0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0]]


def receipt(kiosk, day, n):
    digits = f"{kiosk:03d}{day:04d}{n:04d}"
    interim = 0
    for d in digits:
        interim = DAMM[interim][int(d)]
    return digits + str(interim)


def end(console, server, work):
    """A browser test's end, whatever happened: its browser quit, its hqd stopped, its folder gone."""
    if console:
        console.driver.quit()
    if server:
        stop(server)
    shutil.rmtree(work, ignore_errors=True)


def outcome():
    """Says how the checks went; the exit status (1 when one failed)."""
    print(f"{len(FAILURES)} failed" if FAILURES else "all passed", flush=True)
    return 1 if FAILURES else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hqd_cli(hqd, db, *args, stdin=None):
    r = subprocess.run([hqd, *args, "--db", db, "--now", NOW], input=stdin, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"hqd {' '.join(args)}: {r.stderr}")
    return r.stdout


def http(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json",
                                                                          **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def serve(hqd, db):
    """`hqd serve` on a free port of 127.0.0.1 at the test's hall time, once it answers: (process, base URL)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([hqd, "serve", "--db", db, "--port", str(port), "--now", NOW],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(300):
        try:
            if http("GET", f"{base}/v1/health")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server, base


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def records(base, device, token, recs):
    status, answer = http("POST", f"{base}/v1/records", {"protocol": 1, "records": recs},
                          {"Authorization": f"Bearer {token}", "X-Device-Id": device})
    check(status == 200 and all(r["status"] == "accepted" for r in answer.get("results", [])),
          f"the kiosk's {len(recs)} records are accepted ({answer})")


def rating(official, name, level, comment, phone):
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "created_at": "2026-11-27T09:30:00+08:00", "target_kind": "official", "target_id": official,
            "target_name": name, "level": level, "reasons": ["impolite"], "reason_version": "default-1",
            "comment": comment, "phone": phone}
    return u, {"uuid": u, "kind": "rating", "created_at": "2026-11-27T01:30:00Z", "body": body}


class Console:
    """One browser on the console; pages are reached through the navigation or a URL, as a clerk would."""

    def __init__(self, base, shots, locale="zh-CN", downloads=None):
        """`locale` is the browser's own (what a type=date input would follow); `downloads` a folder for files."""
        self.base, self.shots = base, shots
        options = Options()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--lang={locale}",
                    "--window-size=1366,768", "--force-device-scale-factor=1"):
            options.add_argument(arg)
        if downloads:
            options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                                      "download.prompt_for_download": False})
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                       options=options)
        self.driver.set_page_load_timeout(30)
        # generous: the debug build's hqd runs under ASan; an element drawn afresh is looked up again
        self.wait = WebDriverWait(self.driver, 30, ignored_exceptions=(StaleElementReferenceException,))

    def go(self, route):
        self.driver.get(f"{self.base}/console/#/{route}")

    def find(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def click(self, css):
        """Clicks `css` once it can be; a page drawn afresh meanwhile (the shell after a language switch) is retried."""
        for _ in range(10):
            try:
                self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, css))).click()
                return
            except StaleElementReferenceException:
                time.sleep(0.2)
        raise TimeoutException(f"{css} kept being redrawn")

    def text(self, css):
        return self.find(css).text

    def wait_text(self, css, *words):
        """Whether the element comes to hold one of `words` within the wait."""
        try:
            WebDriverWait(self.driver, 30, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)) \
                .until(lambda d: any(w in d.find_element(By.CSS_SELECTOR, css).text for w in words))
            return True
        except TimeoutException:
            return False

    def type(self, css, value):
        box = self.find(css)
        box.clear()
        box.send_keys(value)

    def fetch_status(self, path, body=None):
        """The HTTP status of a same-origin request from the page, with the session's cookie but no CSRF token: a GET,
        or a POST of `body`."""
        return self.driver.execute_async_script(
            "const [path, body, done] = arguments; fetch(path, body === null ? {} : {method: 'POST',"
            " headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)}).then(r => done(r.status));",
            path, body)

    def sign_in(self, login, password=PASSWORD):
        """A fresh sign-in page (a full load, so no earlier render can replace the fields after they are typed into),
        typed into once its login field has the focus the page gives it when drawn, sent once both hold the text."""
        self.driver.get("about:blank")
        self.go("login")
        self.wait.until(lambda d: d.execute_script(
            "return document.activeElement && document.activeElement.id === 'login-name'"))
        # A sign-in still in flight clears the password when HQ answers: wait for it (its button is enabled again).
        self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#login-submit")))
        self.type("#login-name", login)
        self.type("#login-password", password)
        self.wait.until(lambda d: d.execute_script(
            "return document.getElementById('login-name').value === arguments[0] &&"
            " document.getElementById('login-password').value === arguments[1]", login, password))
        self.click("#login-submit")

    def sign_out(self):
        self.click("#logout")
        self.find("#login-form")

    def shot(self, name):
        """The page at both sizes; the file name says the language."""
        lang = self.driver.execute_script("return document.documentElement.lang") or "zh-CN"
        check(self.page_ok(), f"{name} ({lang}) shows no word key in place of its words")
        for w, h in ((1366, 768), (1920, 1080)):
            self.driver.set_window_size(w, h)
            time.sleep(0.2)
            full = self.driver.execute_script("return Math.max(document.body.scrollHeight, %d)" % h)
            self.driver.set_window_size(w, min(full, 3000))
            time.sleep(0.2)
            self.driver.save_screenshot(os.path.join(self.shots, f"{name}-{lang}-{w}x{h}.png"))
        self.driver.set_window_size(1366, 768)

    def page_ok(self):
        """No page broke: no error card, no word key shown instead of its text."""
        body = self.driver.find_element(By.TAG_NAME, "body").text
        return "console." not in body and "case.state." not in body and "query.status." not in body


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="console-browser-")
    db = os.path.join(work, "hq.db")
    server = None
    console = None
    try:
        hqd_cli(hqd, db, "import-reference", os.path.join(source, "assets/demo/reference.json"))
        token = hqd_cli(hqd, db, "enrol", "--device", "kiosk-a", "--kiosk-number", "1").strip().split()[-1]
        for login, role, dept in (("bureau", "admin", None), ("guotu", "liaison", "区国土住建局"),
                                  ("leader", "viewer", None)):
            args = (["user", "add", "--login", login, "--role", role] + (["--department", dept] if dept else [])
                    + (["--name", "李明"] if login == "bureau" else []))
            hqd_cli(hqd, db, *args, stdin=PASSWORD + "\n")
        server, base = serve(hqd, db)
        script = "<script>alert(1)</script>等了一个小时"
        bad, bad_rec = rating("o01", "冯堃", "very_dissatisfied", script, "13812345678")
        other, other_rec = rating("o05", "欧阳燚", "dissatisfied", "窗口没人", None)
        day = (time.mktime((2026, 11, 27, 12, 0, 0, 0, 0, 0)) - time.mktime((2024, 1, 1, 12, 0, 0, 0, 0, 0))) // 86400
        slip = receipt(1, int(day), 16)
        report_uuid = str(uuidlib.uuid4())
        report_rec = {"uuid": report_uuid, "kind": "report", "created_at": "2026-11-27T01:40:00Z", "body": {
            "uuid": report_uuid, "receipt": slip, "created_at": "2026-11-27T09:40:00+08:00", "department_id": "d08",
            "item_id": None, "item_name": "不动产登记", "kind": "many_trips", "description": "跑了三趟还没办成",
            "name": "张三", "phone": "13912345678", "due_date": "2026-12-04"}}
        # Record numbers 1, 2 and 4 reach HQ: 3 is missing; the kiosk reports a damaged file it set aside.
        for n, rec in ((1, bad_rec), (2, other_rec), (4, report_rec)):
            rec["seq"] = n
        records(base, "kiosk-a", token, [bad_rec, other_rec, report_rec])
        at = calendar.timegm((2026, 11, 27, 1, 50, 0))
        status, _ = http("POST", f"{base}/v1/status", {
            "protocol": 1, "storage": "ok", "storage_since": 0, "next_seq": 5, "seq_confirmed": True,
            "version": "0.1.0", "events": [
                {"at": at, "kind": "set_aside", "file": "/var/lib/hall-kiosk/kiosk.db.damaged-20261127-095000",
                 "detail": "database disk image is malformed"},
                {"at": at, "kind": "salvaged", "file": "/var/lib/hall-kiosk/kiosk.db.damaged-20261127-095000",
                 "detail": "6"}]}, {"Authorization": f"Bearer {token}", "X-Device-Id": "kiosk-a"})
        check(status == 200, f"the kiosk's status report is taken ({status})")
        hqd_cli(hqd, db, "enrol", "--device", "kiosk-b", "--kiosk-number", "2")
        # A newer kiosk reports its outbox (3 to send, the oldest 95 minutes old; 1 refused), its last sync error, its
        # free disk and its screen.
        token_c = hqd_cli(hqd, db, "enrol", "--device", "kiosk-c", "--kiosk-number", "3").strip().split()[-1]
        status, _ = http("POST", f"{base}/v1/status", {
            "protocol": 1, "storage": "ok", "storage_since": 0, "next_seq": 1, "seq_confirmed": True,
            "version": "0.2.0", "events": [], "pending": 3, "parked": 1, "oldest_pending_age": 95 * 60,
            "last_error": "HQ answered 503: busy", "free_bytes": 23_400_000_000, "orientation": "landscape"},
            {"Authorization": f"Bearer {token_c}", "X-Device-Id": "kiosk-c"})
        check(status == 200, f"a newer kiosk's status report is taken ({status})")

        console = Console(base, shots)
        c = console
        # Lockout first (its own login): 5 wrong passwords, then even the right one is refused for a while.
        for _ in range(5):
            c.sign_in("leader", "wrong-password-1")
            check(c.wait_text("#login-message", "密码", "锁定"),
                  f"a wrong password says so: {c.text('#login-message')!r}")
        c.sign_in("leader")
        check(c.wait_text("#login-message", "锁定", "15"),
              f"after 5 wrong passwords the right one is refused: {c.text('#login-message')!r}")
        c.shot("login-locked")

        c.sign_in("bureau")
        check(c.wait_text("#welcome", "bureau"), "the bureau signs in and sees the overview")
        c.shot("home")
        c.click("#nav-ratings")
        row = c.find(f"tr[data-id='{bad}']")
        check("冯堃" in row.text and "待核实" in row.text and "非常不满意" in row.text,
              f"差评处置 lists the 差评 by name, level and state: {row.text!r}")
        check(c.text("#count-to_verify") .startswith("2"), "the counts show 2 待核实")
        c.shot("ratings")
        row.click()
        check(c.wait_text("#rating-comment", "<script>alert(1)</script>"), "the citizen's <script> is shown as text")
        check(c.driver.execute_script("return document.querySelectorAll('#rating-comment script').length") == 0,
              "and no script element was made of it")
        check(c.text("#rating-phone") == "138****5678", "the phone is masked")
        c.shot("rating")
        c.click("#rating-reveal")
        check(c.wait_text("#rating-phone", "13812345678"), "显示号码 shows the number in full")
        Select(c.find("#rating-to")).select_by_value("rectifying")
        c.click("#rating-move-submit")
        check(c.wait_text("#rating-message", "请填写办理说明"), "a change without a note is refused with a message")
        c.type("#rating-note", "核实属实，已约谈窗口人员")
        c.click("#rating-move-submit")
        check(c.wait_text("#rating-state", "整改中"), "the 差评 moves to 整改中")
        check(c.wait_text("#case-history", "核实属实"), "its history holds the note")
        c.type("#rating-appeal-reason", "同一号码一分钟内连续差评")
        c.click("#rating-appeal-submit")
        check(c.wait_text("#rating-appeal", "申诉待审核"), "an 申诉 is filed")
        c.type("#rating-decision-note", "经核实属恶意差评")
        c.click("#rating-approve")
        check(c.wait_text("#rating-appeal", "申诉成立"), "the bureau approves the 申诉")
        c.shot("rating-done")

        c.click("#nav-reports")
        spaced = f"{slip[0:4]} {slip[4:8]} {slip[8:12]}"
        c.type("#reports-receipt", spaced.replace(" ", "-", 1))
        c.click("#reports-find")
        check(c.wait_text("#report-receipt", spaced), f"the receipt typed as printed finds the report ({spaced})")
        check(c.text("#report-name") == "张*" and c.text("#report-phone") == "139****5678", "name and phone masked")
        c.shot("report")
        Select(c.find("#report-to")).select_by_value("accepted")
        Select(c.find("#report-transfer")).select_by_visible_text("区国土住建局")
        c.type("#report-note", "属不动产登记事项，转国土住建局办理")
        c.click("#report-move-submit")
        check(c.wait_text("#report-department", "区国土住建局"), "转办 hands the report to 区国土住建局")
        c.click("#nav-fleet")
        check(c.wait_text("#fleet-table", "kiosk-b"), "设备 lists every enrolled kiosk")
        fleet = c.text("#fleet-table")
        check("从未报告" in fleet, f"a kiosk that never reported says so: {fleet!r}")
        check("中心缺少记录序号 3" in fleet, "the record number HQ never received is named")
        check("数据库已损坏" in fleet and "读回 6 条" in fleet and "0.1.0" in fleet,
              "the set-aside file, the records read back and the version are shown in words")
        row_c = c.text("#kiosk-kiosk-c")
        check("待发送 3 条" in row_c and "最早已等 95 分钟" in row_c and "中心拒收 1 条" in row_c,
              f"the outbox of kiosk-c: to send, the oldest's wait, refused: {row_c!r}")
        check("横屏" in row_c and "23 GB" in row_c and "HQ answered 503" in row_c and "3号机" in row_c,
              f"its screen, free disk, last error and number: {row_c!r}")
        check("未报告（旧版本终端）" in c.text("#kiosk-kiosk-a"), "an older kiosk's report says nothing of its outbox")
        check("超过 30 分钟未联系" in c.text("#fleet-rules"), "the page says when HQ alerts, with HQ's figures")
        c.shot("fleet")
        c.click("#nav-forwards")
        check(c.wait_text("#forwards-off", "--forward-config"), "省平台转发 says this hqd does not forward yet")
        check("待发送 2 条" in c.text("#forwards-summary"), f"the ratings queue for the province: {c.text('#forwards-summary')!r}")
        queued = c.text("#forwards-table")
        check("冯堃" in queued and "欧阳燚" in queued and "非常不满意" in queued and "13812345678" not in queued,
              f"each queued rating with its target and level, never a phone: {queued!r}")
        day = c.driver.find_elements(By.CSS_SELECTOR, "#forward-day-2026-11-27 td")
        check([d.text for d in day] == ["2026-11-27", "0", "0", "0", "2"],
              f"按日核对: the day's two ratings wait, none sent yet: {[d.text for d in day]!r}")
        csv_link = c.find("#forward-days-download").get_attribute("href")
        csv_text = c.driver.execute_async_script(
            "const [u, done] = arguments; fetch(u).then(r => r.text()).then(done);", csv_link)
        check("评价日期,已送达,暂缓,失败,待发送" in csv_text and "2026-11-27,0,0,0,2" in csv_text,
              f"and its table downloads with the same figures: {csv_text[:200]!r}")
        c.shot("forwards")
        c.click("#nav-users")
        check(c.wait_text("#users-table", "guotu"), "users lists the accounts")
        check("李明" in c.text("tr[data-login='bureau']"), "with the holder's name")
        c.type("#new-login", "zhao")
        c.type("#new-name", "赵<b>敏")
        Select(c.find("#new-role")).select_by_value("viewer")
        c.type("#new-password", PASSWORD)
        c.click("#add-user-submit")
        check(c.wait_text("tr[data-login='zhao']", "赵<b>敏"), "an account added on the page with its holder's name, as text")
        c.shot("users")
        c.type("#new-login", "qian")
        c.type("#new-name", "钱")
        c.type("#new-password", "short1")
        c.click("#add-user-submit")
        check(c.wait_text("#users-message", "密码至少要 10 个字符"), "a weak password is refused in Chinese")
        c.click("#nav-audit")
        check(c.wait_text("#audit-table", "李明（bureau）"), "the audit log names who did each change: 姓名（login）")
        c.shot("audit")
        c.click("#lang-toggle")
        check(c.wait_text("#nav-ratings", "Bad ratings"), "English: the navigation in English")
        c.click("#nav-ratings")
        c.find(f"tr[data-id='{bad}']")
        check(c.page_ok(), "English 差评处置 shows no word keys")
        c.shot("ratings")
        c.go(f"rating?id={bad}")
        c.find("#rating-state")
        c.shot("rating")
        c.click("#nav-reports")
        c.find("#reports-table")
        c.shot("reports")
        c.click("#nav-fleet")
        check(c.wait_text("#fleet-table", "never reported") and "HQ lacks record numbers 3" in c.text("#fleet-table"),
              "English 设备 in English words")
        check("3 to send" in c.text("#kiosk-kiosk-c") and "landscape" in c.text("#kiosk-kiosk-c"),
              "and the outbox and screen in English")
        c.shot("fleet")
        c.click("#nav-forwards")
        check(c.wait_text("#forwards-summary", "2 to send"), "省平台转发 in English words")
        c.shot("forwards")
        c.click("#lang-toggle")
        c.find("#nav-ratings")
        c.sign_out()

        # The liaison of 区国土住建局: the handed-over report is theirs; the 行政审批局's 差评 is not.
        c.sign_in("guotu")
        c.click("#nav-reports")
        check(c.wait_text("#reports-table", slip[0:4]), "the liaison sees the report handed to their department")
        c.shot("reports")
        c.go(f"report?receipt={slip}")
        Select(c.find("#report-to")).select_by_value("done")
        c.click("#report-move-submit")
        check(c.wait_text("#report-message", "答复"), "办结 without a reply is refused with a message")
        c.type("#report-reply-text", "已为您预约周五上午办理，请带身份证原件")
        c.click("#report-move-submit")
        check(c.wait_text("#report-state", "已办结"), "the liaison closes it with a reply")
        c.go("ratings")
        c.find("#ratings-table")
        check(not c.driver.find_elements(By.CSS_SELECTOR, f"tr[data-id='{bad}']"),
              "another department's 差评 is not in the liaison's list")
        check(bool(c.driver.find_elements(By.CSS_SELECTOR, f"tr[data-id='{other}']")), "their own 差评 is")
        c.go(f"rating?id={bad}")
        check(c.wait_text("#page-rating", "权限") or c.find("#forbidden") is not None,
              "another department's 差评 by URL is refused")
        c.shot("rating-forbidden")
        status = c.fetch_status(f"/v1/console/ratings/{bad}")
        check(status == 403, f"and by API: {status}")
        status = c.fetch_status(f"/v1/console/ratings/{other}/state", {"state": "已反馈", "note": "x"})
        check(status == 403, f"a change without the CSRF token is refused: {status}")
        # The liaison feeds the 整改 back: it queues for the province behind its 差评, shown on 省平台转发.
        c.go(f"rating?id={other}")
        c.find("#rating-to")
        Select(c.find("#rating-to")).select_by_value("answered")
        c.type("#rating-note", "已增派窗口人员，午间不再空岗")
        c.click("#rating-move-submit")
        check(c.wait_text("#rating-state", "已反馈"), "the liaison's 差评 moves to 已反馈")
        c.go("forwards")
        check(c.wait_text("#forward-events-table", "整改反馈"), "省平台转发 lists the 整改 waiting for the province")
        events = c.text("#forward-events-table")
        check("欧阳燚" in events and "待发送" in events and "区国土住建局" in events,
              f"named by the rated official and the department, waiting: {events!r}")
        check(not c.driver.find_elements(By.CSS_SELECTOR, "#forward-days")
              and c.fetch_status("/v1/console/forwards/days") == 403, "按日核对 is the bureau's and the leaders', not a liaison's")
        c.shot("forwards-events")
        c.sign_out()

        # The kiosk that took the report reads the reply in its feed (what 进度查询 shows).
        status, feed = http("GET", f"{base}/v1/reference", None,
                            {"Authorization": f"Bearer {token}", "X-Device-Id": "kiosk-a"})
        updates = [u for u in feed.get("report_updates", []) if u.get("receipt") == slip]
        check(status == 200 and updates and updates[-1]["status"] == "done" and "周五" in updates[-1]["reply"],
              f"the reply reaches the kiosk's feed: {updates}")
    finally:
        end(console, server, work)
    return outcome()


if __name__ == "__main__":
    sys.exit(main())
