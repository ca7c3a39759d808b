"""The console's 工作台 (its first page) in a real browser (Debian's chromium + chromedriver through python3-selenium)
against a real hqd on 127.0.0.1, fed by /v1/records as a kiosk feeds it: today's board (a scheduled official checked
in, one not yet, one who sat without a plan), today's numbers, the open 差评 and 办不成事 by deadline with the
overdue one in red, the four charts drawn by Debian's libjs-chart.js (their canvases hold pixels), the month's
department ranking, another month through the picker, a burst of ratings from one kiosk flagged and reviewed by the
bureau (a leader sees no review button), a liaison who sees only their department, English, months typed into
the URL that are not months, and the page a receipt's QR code leads to on a phone (390×844). Screenshots at 1366×768 and 1920×1080 (zh and en) go to the folder given.

usage: console_dashboard_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import json
import os
import random
import sys
import tempfile
import uuid as uuidlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402  (the same browser, server and checks)
from selenium.webdriver.common.by import By  # noqa: E402

check = cb.check


def rating(official, name, level, at, reasons=None):
    """A rating given at `at` (the hall's time, +08:00)."""
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "created_at": at, "target_kind": "official", "target_id": official, "target_name": name,
            "level": level, "reasons": reasons or ([] if level in ("very_satisfied", "satisfied", "basic")
                                                   else ["long_wait"]),
            "reason_version": "default-1", "comment": "", "phone": None}
    return {"uuid": u, "kind": "rating", "created_at": at, "body": body}


def checkin(official, window, schedule_id, at):
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "official_id": official, "window_id": window, "schedule_id": schedule_id,
            "date": at[:10], "half": "am", "checkin_at": at}
    if schedule_id is None:
        body["unscheduled_reason"] = "临时替班"
    return {"uuid": u, "kind": "checkin", "created_at": at, "body": body}


def report(receipt, department, at, due):
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "receipt": receipt, "created_at": at, "department_id": department, "item_name": "企业开办",
            "kind": "many_trips", "description": "跑了三次", "name": None, "phone": None, "due_date": due}
    return {"uuid": u, "kind": "report", "created_at": at, "body": body}


def canvas_drawn(c, css):
    """Whether the canvas `css` holds any pixel that is not transparent (Chart.js drew on it)."""
    return c.driver.execute_script(
        "const cv = document.querySelector(arguments[0]); if (!cv || !cv.width) return false;"
        " const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;"
        " for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false;", css)


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="console-dashboard-")
    db = os.path.join(work, "hq.db")
    server = None
    c = None
    try:
        ref = json.load(open(os.path.join(source, "assets/demo/reference.json"), encoding="utf-8"))
        ref["schedule"] = [{"id": "s1", "date": "2026-11-27", "half": "am", "official_id": "o01", "window_id": "wA01",
                            "note": ""},
                           {"id": "s2", "date": "2026-11-27", "half": "am", "official_id": "o05", "window_id": "wA02",
                            "note": ""}]
        ref["sittings"] = []
        with open(os.path.join(work, "reference.json"), "w", encoding="utf-8") as f:
            json.dump(ref, f, ensure_ascii=False)
        cb.hqd_cli(hqd, db, "import-reference", os.path.join(work, "reference.json"))
        token = cb.hqd_cli(hqd, db, "enrol", "--device", "kiosk-a", "--kiosk-number", "1").strip().split()[-1]
        for login, role, dept in (("bureau", "admin", None), ("guotu", "liaison", "区国土住建局"),
                                  ("leader", "viewer", None)):
            cb.hqd_cli(hqd, db, *(["user", "add", "--login", login, "--role", role]
                                  + (["--department", dept] if dept else [])), stdin=cb.PASSWORD + "\n")
        server, base = cb.serve(hqd, db)
        recs = [checkin("o01", "wA01", "s1", "2026-11-27T09:05:00+08:00"),
                checkin("o03", "wA04", None, "2026-11-27T09:30:00+08:00")]
        # Six months of ratings: 审批局 (o01) mostly good, 住建局 (o05) less so.
        rnd = random.Random(7)
        for month in range(6, 12):
            for i in range(12):
                day = f"2026-{month:02d}-{1 + i * 2:02d}T{9 + i % 7:02d}:{(i * 7) % 60:02d}:00+08:00"
                recs.append(rating("o01", "冯堃", rnd.choice(["very_satisfied"] * 8 + ["satisfied", "dissatisfied"]), day))
                recs.append(rating("o05", "欧阳燚", rnd.choice(["satisfied"] * 5 + ["basic", "very_dissatisfied"]), day,
                                   [rnd.choice(["long_wait", "impolite"])]))
        recs.append(rating("o05", "欧阳燚", "dissatisfied", "2026-11-27T09:40:00+08:00", ["impolite"]))
        recs.append(report(cb.receipt(1, 1054, 1), "d08", "2026-11-20T10:00:00+08:00", "2026-11-25"))
        recs.append(report(cb.receipt(1, 1061, 2), "d07", "2026-11-27T10:00:00+08:00", "2026-12-04"))
        # A burst: seven ratings of 冯堃 within half a minute from one kiosk.
        recs += [rating("o01", "冯堃", "very_satisfied", f"2026-11-27T10:10:{s:02d}+08:00") for s in range(0, 35, 5)]
        for i in range(0, len(recs), 100):
            cb.records(base, "kiosk-a", token, recs[i:i + 100])

        c = cb.Console(base, shots)
        c.sign_in("bureau")
        c.find("#page-home")
        check(c.wait_text("#dash-duty", "冯堃"), "the bureau's first page is the dashboard with today's board")
        duty = c.text("#dash-duty-table")
        check("在岗\n09:05" in duty, "冯堃 checked in on his plan is 在岗 since 09:05")
        check("欧阳燚" in duty and "未到岗" in duty, "欧阳燚, scheduled and not checked in, is 未到岗")
        check("韩昇" in duty and "未排班" in duty, "韩昇 sat without a plan and is shown so")
        check(c.text("#tile-ratings .tile-value") == "8", "today's ratings: the burst of 7 and 欧阳燚's 差评")
        check(c.text("#tile-open-reports .tile-value") == "2" and "逾期 1" in c.text("#tile-open-reports"),
              "two open 办不成事, one overdue")
        overdue = c.driver.find_elements(By.CSS_SELECTOR, "#dash-reports li.overdue")
        check(len(overdue) == 1 and "已逾期" in overdue[0].text, "the overdue report is marked in red with its deadline")
        check(c.wait_text("#dash-flags", "7 条"), "the burst of 7 ratings waits for review")
        for chart in ("rate", "reasons", "kinds", "sittings"):
            c.wait.until(lambda d, ch=chart: canvas_drawn(c, f"#dash-chart-{ch}-canvas"))
            check(canvas_drawn(c, f"#dash-chart-{chart}-canvas"), f"the {chart} chart is drawn")
        ranking = c.driver.find_elements(By.CSS_SELECTOR, "#dash-ranking-table tbody tr")
        check(len(ranking) == 13 and ranking[0].text.startswith("1 区行政审批局"),
              f"the month's ranking lists every department, 审批局 first ({ranking[0].text if ranking else ''})")
        check(ranking[-1].text.startswith("—"), "a department nobody rated has no place")
        c.shot("dashboard")

        # Review the burst: it leaves the list, and the audit log has it.
        c.type("#dash-flags-table input", "同一群众多次点击，已核实")
        c.click("#dash-flags-table button")
        check(c.wait_text("#dash-flags", "没有待复核的评价"), "a reviewed burst leaves the list")
        check("tile-flagged" not in c.driver.page_source, "and its tile goes")
        # Another month through the picker.
        c.driver.execute_script("const p = document.getElementById('dash-month'); p.value = '2026-10';"
                                " p.dispatchEvent(new Event('change'));")
        check(c.wait_text("#dash-ranking", "10月"), "the picker shows October's ranking")
        check("2026-10" in c.driver.current_url, "the month is in the URL (back and a copied link keep it)")
        # Months that are not: the page falls back to this month and works.
        for bad in ("2026-13", "abc", "2026-1", "<script>", "9999-99", "２０２６-11"):
            c.go(f"home?month={bad}")
            c.find("#dash-ranking")
            check(c.page_ok() and "11月" in c.text("#dash-ranking"), f"month={bad} shows this month's dashboard")
        c.click("#lang-toggle")
        check(c.wait_text("#dash-duty", "At the windows today"), "the dashboard in English")
        c.find("#dash-chart-rate-canvas")
        c.shot("dashboard")
        c.click("#lang-toggle")
        c.find("#dash-duty")

        # A leader reads and reviews nothing; a liaison sees only their department.
        c.sign_out()
        c.sign_in("leader")
        c.find("#dash-flags")
        check(not c.driver.find_elements(By.CSS_SELECTOR, "#flags-rule"), "a leader has no rule form")
        c.sign_out()
        c.sign_in("guotu")
        check(c.wait_text("#dash-duty", "欧阳燚"), "the liaison's board")
        check("冯堃" not in c.text("#dash-duty"), "shows no other department's official")
        rows = c.driver.find_elements(By.CSS_SELECTOR, "#dash-ranking-table tbody tr")
        check(len(rows) == 1 and "区国土住建局" in rows[0].text, "the liaison's ranking is their own department")
        check(c.text("#tile-open-reports .tile-value") == "1", "and their own open report")
        c.wait.until(lambda d: canvas_drawn(c, "#dash-chart-rate-canvas"))
        c.shot("dashboard-liaison")
        status, _ = cb.http("GET", f"{base}/v1/console/dashboard")
        check(status == 401, "the dashboard needs a signed-in user")

        # The page the receipt's QR code leads to, on a phone (390×844), with no sign-in.
        c.sign_out()
        c.driver.set_window_size(390, 844)
        slip = cb.receipt(1, 1054, 1)
        c.driver.get(f"{base}/public/r/{slip[:4]}%20{slip[4:8]}%20{slip[8:]}")
        check(c.wait_text("#state", "待受理"), "a receipt's page on a phone shows its state")
        page = c.text("body")
        check("区行政审批局" in page and "2026-11-25" in page and "跑了三次" not in page,
              "its department and reply date, not what the citizen wrote")
        width = c.driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"nothing wider than the phone ({width} px)")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-zh-CN-390x844.png"))
        c.driver.find_element(By.ID, "lang").click()
        check(c.wait_text("#state", "Awaiting acceptance"), "and in English through its link")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-en-390x844.png"))
        c.driver.get(f"{base}/public/r/{slip[:-1]}{(int(slip[-1]) + 1) % 10}")
        check(c.wait_text("#notice", "回执号有误") and "区行政审批局" not in c.text("body"), "a wrong check digit shows no data")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-wrong-zh-CN-390x844.png"))
        # Once it is done, the citizen rates the handling there: a level and a word, once.
        cb.hqd_cli(hqd, db, "set-report", "--receipt", slip, "--status", "done", "--reply", "已为您协调，下周一可办理")
        c.driver.get(f"{base}/public/r/{slip}")
        c.find("#rate-send")
        c.driver.execute_script("document.getElementById('rate').scrollIntoView()")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-rate-zh-CN-390x844.png"))
        c.click("#rate-send")
        check(c.driver.find_elements(By.ID, "rate-send"), "sending without a level stays on the form (the browser asks)")
        c.click("#level-basic")
        c.type("#comment", "答复及时，但跑了两次")
        c.click("#rate-send")
        check(c.wait_text("#rate", "谢谢您的评价") and "基本满意" in c.text("#rated"), "the rating is kept and shown back")
        check(not c.driver.find_elements(By.ID, "rate-send"), "and it cannot be given twice")
        width = c.driver.execute_script("return document.documentElement.scrollWidth")
        check(width <= 390, f"nothing wider than the phone ({width} px)")
        c.driver.execute_script("document.getElementById('rate').scrollIntoView()")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-rated-zh-CN-390x844.png"))
        c.driver.get(f"{base}/public/r/{slip}?lang=en")
        check(c.wait_text("#rate", "Your rating") and "Fairly satisfied" in c.text("#rated"),
              f"in English too: {c.text('#rated')!r}")
        c.driver.execute_script("document.getElementById('rate').scrollIntoView()")
        c.driver.save_screenshot(os.path.join(shots, "public-receipt-rated-en-390x844.png"))
    finally:
        cb.end(c, server, work)
    return cb.outcome()


if __name__ == "__main__":
    sys.exit(main())
