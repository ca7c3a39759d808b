"""The console's 走流程 page in a real browser (Debian's chromium + chromedriver through python3-selenium) against a
real hqd on 127.0.0.1 fed by /v1/records as a kiosk feeds it: the quarter's walks with their problems, the overdue one
in red, a problem marked 已整改 on a date (and the audit log has it), a walk recorded through the page's form with a
problem and a wrong date refused first, the 走流程 tables previewed in 报表, a liaison who sees only their department,
a leader who changes nothing, English. Screenshots at 1366×768 and 1920×1080 go to the folder given.

usage: console_walks_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import os
import sys
import tempfile
import uuid as uuidlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402  (the same browser, server and checks)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

check = cb.check


def walk(official, item, item_name, date, forms, findings):
    """A kiosk's walk record; findings are (description, measure, due date or None)."""
    u = str(uuidlib.uuid4())
    body = {"uuid": u, "official_id": official, "item_id": item, "item_name": item_name, "date": date, "forms": forms,
            "findings": [{"description": d, "measure": m, "due_date": due, "section": "审批一科"} for d, m, due in findings],
            "recorded_at": f"{date}T16:00:00+08:00"}
    return {"uuid": u, "kind": "walk", "created_at": f"{date}T08:00:00Z", "body": body}


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="console-walks-")
    db = os.path.join(work, "hq.db")
    server = None
    c = None
    try:
        cb.hqd_cli(hqd, db, "import-reference", os.path.join(source, "assets/demo/reference.json"))
        token = cb.hqd_cli(hqd, db, "enrol", "--device", "kiosk-a", "--kiosk-number", "1").strip().split()[-1]
        for login, role, dept in (("bureau", "admin", None), ("guotu", "liaison", "区国土住建局"),
                                  ("leader", "viewer", None)):
            cb.hqd_cli(hqd, db, *(["user", "add", "--login", login, "--role", role]
                                  + (["--department", dept] if dept else [])), stdin=cb.PASSWORD + "\n")
        server, base = cb.serve(hqd, db)
        shenpi = walk("o03", "i01", "企业开办“一件事”", "2026-11-10", ["at_window", "inspect"],
                      [("窗口指引不清，导办人员少", "增设导办岗", "2026-11-20"), ("叫号屏不亮", "更换电源", None),
                       ("一次性告知单缺页", "重新印制", "2026-12-15")])
        zhujian = walk("o05", "i05", "不动产首次登记", "2026-11-18", ["in_person"], [])
        cb.records(base, "kiosk-a", token, [shenpi, zhujian])

        c = cb.Console(base, shots)
        c.sign_in("bureau")
        c.find("#page-home")
        c.click("#nav-walks")
        c.find("#walks-table")
        check(c.text("#walks-count-walks .tile-value") == "2", "the quarter's two walks")
        check(c.text("#walks-count-open .tile-value") == "2", "two problems still to put right (one was on the spot)")
        check(c.text("#walks-count-overdue .tile-value") == "1", "one of them overdue")
        table = c.text("#walks-table")
        check("韩昇" in table and "审批一科科长" in table and "驻窗办、检验办" in table, "who walked and how")
        check("当场整改" in table and "未发现问题" in table, "a problem put right on the spot; a walk that found none")
        overdue = c.driver.find_elements(By.CSS_SELECTOR, "#walks-table tr.overdue-row")
        check(len(overdue) == 1 and "逾期" in overdue[0].text and "2026-11-20" in overdue[0].text,
              "the overdue problem is marked in red with its date")
        c.shot("walks")

        # Mark the overdue one put right: a date before the walk is refused in words, then a good one.
        fix = f"#walks-done-{shenpi['uuid']}-1"
        c.type(fix, "2026-11-01")
        c.click(f"#walks-fix-{shenpi['uuid']}-1")
        check(c.wait_text("#walks-message", "整改完成日期应在"), f"a date before the walk is refused: {c.text('#walks-message')!r}")
        c.type(fix, "2026/11/26")
        c.click(f"#walks-fix-{shenpi['uuid']}-1")
        check(c.wait_text("#walks-message", "已标记整改完成"), "marked as put right")
        check(c.text("#walks-count-overdue .tile-value") == "0" and "已整改（2026-11-26）" in c.text("#walks-table"),
              "no longer overdue, and its date shows")
        status, audit = cb.http("GET", f"{base}/v1/console/audit?action=walk.finding_done",
                                headers={"Cookie": "; ".join(f"{k['name']}={k['value']}" for k in c.driver.get_cookies())})
        check(status == 200 and len(audit.get("entries", [])) == 1 and audit["entries"][0]["actor"] == "bureau",
              f"the audit log has it ({status}, {audit})")

        # Record a walk through the form: no form ticked is refused; then with one problem by a date.
        Select(c.find("#walks-new-official")).select_by_visible_text("欧阳燚（局长）")
        Select(c.find("#walks-new-item")).select_by_visible_text("二手房转移登记“一件事”")
        c.type("#walks-new-date", "2026-11-25")
        c.click("#walks-new-save")
        check(c.wait_text("#walks-new-message", "至少选择一种"), "a walk needs how it was walked")
        c.click("#walks-new-form-accompany")
        c.click("#walks-new-add")
        c.type("#walks-new-p0-description", "税费缴纳需另跑税务窗口")
        c.type("#walks-new-p0-measure", "联办窗口一次缴清")
        c.type("#walks-new-p0-due", "2026-12-31")
        c.type("#walks-new-p0-section", "不动产登记科")
        c.shot("walks-form")
        c.click("#walks-new-save")
        check(c.wait_text("#walks-message", "已保存走流程"), "the walk is saved")
        check(c.text("#walks-count-walks .tile-value") == "3" and "税费缴纳需另跑税务窗口" in c.text("#walks-table"),
              "and listed with its problem")
        check("后台录入" in c.text("#walks-table"), "marked as entered in the console")

        # The 走流程 tables in 报表.
        c.go("tables?table=walks&period=2026Q4")
        c.find("#tables-table")
        Select(c.find("#tables-table")).select_by_value("walks")
        c.click("#tables-preview")
        c.find("#tables-preview-0")
        preview = c.text("#tables-preview-0")
        check("存在问题及原因" in preview and "窗口指引不清" in preview and "未发现问题" in preview,
              "the 问题整改台账 previews with its problems")
        c.shot("tables-walks")

        c.click("#lang-toggle")
        c.go("walks")
        check(c.wait_text("#walks-title", "Walks from"), "the page in English")
        c.find("#walks-table")
        c.shot("walks")
        c.click("#lang-toggle")
        c.find("#walks-title")

        # A liaison sees their department only; a leader reads and changes nothing.
        c.sign_out()
        c.sign_in("guotu")
        c.find("#page-home")
        c.go("walks")
        c.find("#walks-table")
        table = c.text("#walks-table")
        check("欧阳燚" in table and "韩昇" not in table, "the liaison's walks are their department's")
        check(c.driver.find_elements(By.ID, "walks-new"), "the liaison may record a walk")
        c.sign_out()
        c.sign_in("leader")
        c.find("#page-home")
        c.go("walks")
        c.find("#walks-table")
        check(not c.driver.find_elements(By.ID, "walks-new")
              and not c.driver.find_elements(By.CSS_SELECTOR, "[id^=walks-fix-]"), "a leader has no form and no buttons")
        check("韩昇" in c.text("#walks-table"), "and reads every department's walks")
        c.go("walks?period=2026Q9")
        check(c.wait_text("main", "期间应为"), "a period that is none is said in words")
    finally:
        cb.end(c, server, work)
    return cb.outcome()


if __name__ == "__main__":
    sys.exit(main())
