"""The public 坐窗口 schedule (GET /public/schedule) in a real browser (Debian's chromium + chromedriver through
python3-selenium) against a real hqd on 127.0.0.1, with no sign-in: on a phone (390×844) this week and next by day and
half-day with name, 职务, department and window and no phone number, nothing wider than the phone; one department chosen
in the page's own form; English through its link; the calendar link's feed; framed by a department's website (a page
served by the test on another port) as it would embed it; and on a desktop (1366×768). Screenshots go to the folder
given.

usage: public_schedule_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import http.server
import json
import os
import sys
import tempfile
import threading
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402  (the same browser, server and checks)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

check = cb.check


def plan(sid, date, half, official, window):
    return {"id": sid, "date": date, "half": half, "official_id": official, "window_id": window, "note": ""}


def department_site(schedule_url):
    """A department's website on a port of its own, whose page frames the schedule: (server, its page's URL)."""
    page = ("<!doctype html><html><head><meta charset='utf-8'><title>区国土住建局</title></head><body>"
            "<h1>区国土住建局 · 领导坐窗口安排</h1>"
            f"<iframe id='schedule' src='{schedule_url}' style='width:100%;height:600px;border:0'></iframe>"
            "</body></html>").encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", cb.free_port()), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="public-schedule-")
    db = os.path.join(work, "hq.db")
    server = site = None
    c = None
    try:
        ref = json.load(open(os.path.join(source, "assets/demo/reference.json"), encoding="utf-8"))
        # Friday 27 November (today), next Tuesday, and the week after next (not shown yet).
        ref["schedule"] = [plan("s1", "2026-11-27", "am", "o01", "wA01"), plan("s2", "2026-11-27", "am", "o05", "wA04"),
                           plan("s3", "2026-11-27", "pm", "o02", "wA02"), plan("s4", "2026-12-01", "am", "o06", "wA04"),
                           plan("s5", "2026-12-01", "pm", "o10", "wB03"), plan("s6", "2026-12-08", "am", "o01", "wA01")]
        ref["sittings"] = []
        with open(os.path.join(work, "reference.json"), "w", encoding="utf-8") as f:
            json.dump(ref, f, ensure_ascii=False)
        cb.hqd_cli(hqd, db, "import-reference", os.path.join(work, "reference.json"))
        server, base = cb.serve(hqd, db)
        c = cb.Console(base, shots)

        # On a phone.
        c.driver.set_window_size(390, 844)
        c.driver.get(f"{base}/public/schedule")
        check(c.wait_text("#day-2026-11-27", "冯堃", "今天", "上午", "下午"), "today's day with both half-days")
        page = c.text("body")
        check("欧阳燚" in page and "蒋喆" in page and "尉迟珺" in page, "every planned official of the two weeks")
        check("A01 窗口 企业开办" in page and "区行政审批局" in page, "with department and window")
        check("12月8日" not in page and "0632" not in page, "nothing of the week after next, no phone number")
        check(c.text("#week-1").startswith("下周"), "next week under its own heading")
        width = c.driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"nothing wider than the phone ({width} px)")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-zh-CN-390x844.png"))
        c.driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-zh-CN-390x844-end.png"))

        # One department through the page's own form; the calendar link follows it.
        Select(c.find("#department")).select_by_value("d07")
        c.click("#show")
        check(c.wait_text("main", "欧阳燚", "司马垚"), "the department's own sittings")
        check("冯堃" not in c.text("main") and "department=d07" in c.driver.current_url, "and only theirs")
        ics_url = c.find("#ics").get_attribute("href")
        check("schedule.ics" in ics_url and "department=d07" in ics_url, f"the calendar link is the department's ({ics_url})")
        with urllib.request.urlopen(ics_url, timeout=10) as res:
            ics = res.read().decode()
            check(res.headers.get_content_type() == "text/calendar", "the calendar feed is text/calendar")
        check(ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 2 and "欧阳燚" in ics,
              "with the department's two sittings")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-d07-zh-CN-390x844.png"))

        # English through its link, keeping the department.
        c.click("#lang")
        check(c.wait_text("main", "This week", "Next week", "Morning"), "English through its link")
        check("department=d07" in c.driver.current_url and "冯堃" not in c.text("main"), "still the one department")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-d07-en-390x844.png"))
        c.driver.get(f"{base}/public/schedule?lang=en")
        c.wait_text("#day-2026-11-27", "Today")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-en-390x844.png"))
        c.driver.get(f"{base}/public/schedule?department=nothing-like-it")
        check(c.wait_text("#notice", "没有这个部门"), "an unknown department says so")

        # Framed by a department's website, as it would embed it.
        c.driver.set_window_size(1366, 768)
        site, site_url = department_site(f"{base}/public/schedule?department=d07")
        c.driver.get(site_url)
        c.driver.switch_to.frame(c.find("#schedule"))
        check(c.wait_text("main", "欧阳燚"), "the schedule shows inside another site's page")
        c.driver.switch_to.default_content()
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-framed-1366x768.png"))

        # On a desktop.
        c.driver.get(f"{base}/public/schedule")
        c.wait_text("#day-2026-11-27", "冯堃")
        c.driver.save_screenshot(os.path.join(shots, "public-schedule-zh-CN-1366x768.png"))
    finally:
        if site:
            site.shutdown()
        cb.end(c, server, work)
    return cb.outcome()


if __name__ == "__main__":
    sys.exit(main())
