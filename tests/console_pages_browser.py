"""The console's reference-data pages in a real browser (Debian's chromium + chromedriver through python3-selenium)
against a real hqd on 127.0.0.1, as the bureau, a department's liaison and a leader use them: the liaison uploads a
附件2 saved as GBK CSV with one bad row (the page names the line and the person, nothing is stored), then the same
schedule as an .xlsx (made here with zipfile, as Excel lays one out), sees it in the calendar grid, moves one row
and deletes one, and is refused another department's schedule and officials by URL and by API; the bureau sets a
PIN (shown once), edits officials, items, windows, the reason list and the working-day calendar, previews a table
and downloads it as XLSX and CSV (read back: the headers and rows of the preview; audited); a leader sees no change
buttons and HQ refuses their changes. Random and hostile input (bytes that are not UTF-8, overlong names,
<script>) goes into every upload and form: the page keeps working, says what is wrong, and shows it as text. The
browser runs in the en-US locale, so a date field that followed it would show mm/dd/yyyy: the dates must read
YYYY-MM-DD. Screenshots of every page at 1366×768 and 1920×1080 (zh and en) go to the folder given.

usage: console_pages_browser.py HQD SOURCE_DIR SCREENSHOT_DIR
"""
import csv
import io
import os
import random
import sys
import tempfile
import time
import zipfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402  (the same browser, server and checks)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

check = cb.check
A2_HEAD = ["附件2", "“局长科长坐窗口”活动人员时间安排表", "填报单位(盖章):区国土住建局"]
A2_COLUMNS = ["序号", "日期", "姓名", "职务", "联系电话", "备注"]


def xlsx(rows):
    """A workbook of one sheet holding `rows` (lists of text) as Excel saves it: shared strings, a styles part."""
    strings, index = [], {}
    cells = []
    for r, row in enumerate(rows, start=1):
        out = []
        for c, text in enumerate(row):
            if text == "":
                continue
            if text not in index:
                index[text] = len(strings)
                strings.append(text)
            out.append(f'<c r="{chr(65 + c)}{r}" t="s"><v>{index[text]}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas'
        '.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
        'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet '
        'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><cellXfs count="1"><xf numFmtId="0"/>'
        '</cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" uniqueCount='
        f'"{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(cells)}'
        '</sheetData></worksheet>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return out.getvalue()


def xlsx_strings(data):
    """Every text of a downloaded workbook's first sheet (shared strings and inline strings), in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        text = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    return text + sheet


class Pages(cb.Console):
    """The console with what these pages need: JSON from the API as the page calls it, uploads, downloads."""

    def api(self, method, path, body=None):
        """`method path` through the console's own api.js (the session's cookie and CSRF token): {status, body}."""
        return self.driver.execute_async_script(
            "const [method, path, body, done] = arguments; import('/console/api.js').then(m => m.api(method, path,"
            " body === null ? undefined : body)).then(b => done({status: 200, body: b}),"
            " e => done({status: e.status, body: e.body}));", method, path, body)

    def upload(self, card, data, name):
        """Sends `data` (bytes) as the file `name` through the upload card `card`; answers its message's text."""
        path = os.path.join(self.work, name)
        with open(path, "wb") as f:
            f.write(data)
        message = self.find(f"#{card}-message")
        self.driver.execute_script("arguments[0].textContent = ''", message)
        self.find(f"#{card}-file").send_keys(path)
        self.click(f"#{card}-submit")
        self.wait.until(lambda d: message.text.strip() != "")
        return message.text

    def download(self, css, suffix):
        """Clicks the download link `css` and answers the bytes of the file that arrives in the download folder."""
        before = set(os.listdir(self.downloads))
        self.click(css)
        for _ in range(300):
            new = [n for n in set(os.listdir(self.downloads)) - before if n.endswith(suffix)]
            if new:
                path = os.path.join(self.downloads, new[0])
                time.sleep(0.2)
                with open(path, "rb") as f:
                    return new[0], f.read()
            time.sleep(0.1)
        return None, b""

    def no_markup(self, where="main"):
        """No element was made of what a user typed: no script, img, iframe or b inside `where`."""
        return self.driver.execute_script(
            "return document.querySelectorAll(arguments[0] + ' script, ' + arguments[0] + ' img, ' + arguments[0] +"
            " ' iframe, ' + arguments[0] + ' b').length", where) == 0

    def count(self, css):
        return len(self.driver.find_elements(By.CSS_SELECTOR, css))

    def set_value(self, css, value):
        """Puts `value` into a field as a paste would (any character, beyond what a keyboard types)."""
        self.driver.execute_script("arguments[0].value = arguments[1];"
                                   " arguments[0].dispatchEvent(new Event('change'))", self.find(css), value)

    def dates_ok(self):
        """No date field follows the browser's locale: none is type=date, each says YYYY-MM-DD."""
        return self.driver.execute_script(
            "return document.querySelectorAll('input[type=date]').length === 0 &&"
            " [...document.querySelectorAll('input.date')].every(i => i.placeholder === 'YYYY-MM-DD')")

    def dialog(self, opener, values, save):
        """Opens a dialog with the button `opener`, types `values` ([(css, text)…]; pasted, so any character) and
        presses `save`."""
        self.click(opener)
        for css, value in values:
            self.set_value(css, value)
        self.click(save)

    def shot(self, name):
        """The page from its top (an upload at the bottom leaves it scrolled), at both sizes."""
        self.driver.execute_script("window.scrollTo(0, 0)")
        super().shot(name)

    def words_ok(self):
        body = self.driver.find_element(By.TAG_NAME, "body").text
        return self.page_ok() and not any(k in body for k in ("weekday.", "half.", "rank."))


def random_text(rng, n):
    pool = "<>&\"'/\\ 王李张科局窗口😀\u202e\u0000\t\n" + "abcxyz0123456789"
    return "".join(rng.choice(pool) for _ in range(n))


def main():
    hqd, source, shots = sys.argv[1:4]
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="console-pages-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    db = os.path.join(work, "hq.db")
    rng = random.Random(20261127)
    server = None
    c = None
    try:
        cb.hqd_cli(hqd, db, "import-reference", os.path.join(source, "assets/demo/reference.json"))
        for login, role, dept in (("bureau", "admin", None), ("guotu", "liaison", "区国土住建局"),
                                  ("leader", "viewer", None)):
            args = ["user", "add", "--login", login, "--role", role] + (["--department", dept] if dept else [])
            cb.hqd_cli(hqd, db, *args, stdin=cb.PASSWORD + "\n")
        server, base = cb.serve(hqd, db)
        c = Pages(base, shots, locale="en-US", downloads=downloads)
        c.work, c.downloads = work, downloads

        # ---- The liaison of 区国土住建局: 附件2 as GBK CSV with a bad row, then as .xlsx; the grid; one row edited.
        c.sign_in("guotu")
        c.find("#welcome")
        c.click("#nav-schedule")
        c.find("#schedule-grid")
        check(c.wait_text("#schedule-grid", "区国土住建局"), "the liaison's 排班 shows their department")
        check(c.count("#schedule-empty") == 1, "with nothing scheduled yet")
        c.go("schedule?period=2026Q4")
        c.find("#schedule-empty")
        check(c.dates_ok(), "the period picker's dates are YYYY-MM-DD in an en-US browser")
        bad_csv = "\r\n".join([A2_HEAD[0] + ",,,,,", A2_HEAD[1] + ",,,,,",
                               A2_HEAD[2] + ",,,,,", ",".join(A2_COLUMNS), "1,12月1日上午,欧阳燚,局长,,",
                               "2,12月2日下午,王小二,科员,,", ""]).encode("gbk")
        said = c.upload("schedule-upload", bad_csv, "附件2-国土住建局.csv")
        check("1" in said and "未导入" in said, f"the bad GBK CSV is refused, nothing imported: {said!r}")
        errors = c.text("#schedule-upload-errors")
        check("6" in errors.split("\n")[1] and "姓名“王小二”不是区国土住建局的人员" in errors and "is not" not in errors,
              f"the error names the line (6), the person and the department by name, in Chinese: {errors!r}")
        stored = c.api("GET", "/v1/console/schedule?department=d07")
        check(stored["status"] == 200 and stored["body"]["rows"] == [], "and nothing was stored")
        check(c.count("#schedule-empty") == 1, "the grid is still empty")
        c.shot("schedule-refused")
        rows = [[A2_HEAD[0]], [A2_HEAD[1]], [A2_HEAD[2]], A2_COLUMNS,
                ["1", "12月1日上午", "欧阳燚", "局长", "", ""], ["2", "12月2日下午", "司马垚", "不动产登记科科长", "", ""],
                ["3", "12月3日上午", "欧阳燚", "局长", "", "企业开办专场"], ["填报人:", "", "", "联系方式:"]]
        said = c.upload("schedule-upload", xlsx(rows), "附件2-国土住建局.xlsx")
        check("3" in said and "已导入" in said, f"the .xlsx imports its 3 rows: {said!r}")
        check(c.wait_text("td[data-date='2026-12-01']", "欧阳燚"), "the grid shows 1 December's row")
        cell = c.text("td[data-date='2026-12-01']")
        check("局长" in cell and "A04" in cell and "上午" in cell, f"with 上午, 职务 and window: {cell!r}")
        check("司马垚" in c.text("td[data-date='2026-12-02'] .half-pm"), "司马垚 sits on 2 December in the afternoon")
        check(c.text("#schedule-count").startswith("共 3"), "3 rows counted")
        c.shot("schedule")
        c.click("td[data-date='2026-12-02'] button.entry")
        Select(c.find("#schedule-edit-half")).select_by_value("am")
        c.type("#schedule-edit-note", "<b>临时调整</b>")
        c.shot("schedule-edit")
        c.click("#schedule-edit-save")
        check(c.wait_text("td[data-date='2026-12-02'] .half-am", "司马垚"), "the row moves to the morning")
        check(c.wait_text("#schedule-message", "已保存"), "with a message")
        check(c.no_markup("#schedule-grid") and "<b>临时调整</b>" in c.text("td[data-date='2026-12-02']"),
              "the note is shown as typed, not as markup")
        ids = sorted(r["id"] for r in c.api("GET", "/v1/console/schedule?department=d07")["body"]["rows"])
        check("s-2026-12-02-am-o06" in ids and "s-2026-12-02-pm-o06" not in ids, f"HQ holds the moved row: {ids}")
        c.click("td[data-date='2026-12-03'] button.entry")
        c.click("#schedule-edit-delete")
        check(c.wait_text("#schedule-edit-delete", "确认删除"), "删除 asks once more")
        c.click("#schedule-edit-delete")
        check(c.wait_text("#schedule-count", "共 2"), "and deletes the row")
        c.click("td[data-date='2026-12-01'] button.entry")
        c.type("#schedule-edit-date", "2026/12/32")
        c.click("#schedule-edit-save")
        check(c.count("#schedule-edit") == 1, "a date that is no date keeps the dialog open")
        c.type("#schedule-edit-date", "2026/12/4")
        c.find("#schedule-edit-note").click()
        check(c.find("#schedule-edit-date").get_attribute("value") == "2026-12-04", "2026/12/4 reads as 2026-12-04")
        c.click("#schedule-edit-cancel")
        # Hostile files: the card says what is wrong, the page keeps working, nothing is made of the text.
        for name, data in (("random.csv", bytes(rng.randrange(256) for _ in range(3000))),
                           ("latin1.csv", ",".join(A2_COLUMNS).encode("gbk") + b"\r\n1,12\xd4\xc2\xff\xfe,\x80\x81\r\n"),
                           ("script.csv", ("\r\n".join([",".join(A2_COLUMNS), "1,12月1日上午,<script>alert(1)</script>,局长,,",
                                                        "2,12月1日下午," + "欧" * 40 + ",局长,,"])).encode()),
                           ("empty.xlsx", b""), ("fake.xlsx", b"PK\x03\x04" + os.urandom(200))):
            said = c.upload("schedule-upload", data, name)
            check(said and c.find("#schedule-upload-message").get_attribute("class") == "message error",
                  f"{name}: refused with a message: {said[:120]!r}")
            check(c.no_markup() and c.count("#nav-schedule") == 1, f"{name}: the page keeps working, shows text only")
        check(c.text("#schedule-count").startswith("共 2"), "none of them changed the schedule")
        # A file for a past quarter whose dates have no year: read in the year shown (2026), not the one nearest today.
        c.go("schedule?period=2026Q2")
        check(c.wait_text("#schedule-upload", "2026 年"), "the upload card says which year dates without one are in")
        said = c.upload("schedule-upload", "\r\n".join([",".join(A2_COLUMNS), "1,4月22日上午,欧阳燚,局长,,", ""]).encode("gbk"),
                        "附件2-二季度.csv")
        check("已导入" in said and c.wait_text("td[data-date='2026-04-22']", "欧阳燚"),
              f"4月22日 of the 2026Q2 page lands on 2026-04-22: {said!r}")
        past = [r["id"] for r in c.api("GET", "/v1/console/schedule?department=d07")["body"]["rows"] if "-04-22-" in r["id"]]
        check(len(past) == 1 and past[0].startswith("s-2026-04-22-am-"), f"at HQ as 2026-04-22: {past}")
        check(c.api("DELETE", f"/v1/console/schedule/{past[0]}")["status"] == 200, "and it can be deleted again")
        c.go("schedule?period=2026Q4")
        check(c.wait_text("#schedule-count", "共 2"), "back to the quarter with its 2 rows")
        # Another department's schedule and officials: not by URL, not by API.
        c.go("schedule?department=d08&period=2026Q4")
        check(c.find("#forbidden") is not None, "another department's 排班 by URL is refused")
        c.go("officials?department=区行政审批局")
        check(c.find("#forbidden") is not None, "another department's 人员 by URL is refused")
        for path in ("/v1/console/schedule?department=d08", "/v1/console/officials?department=区行政审批局",
                     "/v1/console/schedule/grid?department=d08&period=2026Q4", "/v1/console/items?department=d08"):
            status = c.fetch_status(path)
            check(status == 403, f"GET {path}: {status}")
        answer = c.api("POST", "/v1/console/schedule", {"date": "2026-12-07", "half": "am", "official_id": "o01"})
        check(answer["status"] == 403, f"a row for another department's official is refused: {answer}")
        c.go("windows")
        c.find("#windows-table")
        check(c.count("#windows-add") == 0 and c.count("#windows-table button") == 0 and c.count("#windows-upload") == 0,
              "the hall's windows are the bureau's: the liaison gets no change buttons")
        c.go("officials")
        check(c.wait_text("#officials-table", "欧阳燚") and c.count("#officials-add") == 1,
              "the liaison lists and may add their own officials")
        c.sign_out()

        # ---- The bureau: a PIN, officials, items, windows, reasons, calendar, tables.
        c.sign_in("bureau")
        c.find("#welcome")
        c.go("officials?department=d08")
        row = c.find("tr[data-id='o01']")
        check("063****5010" in row.text and "8355010" not in c.text("#officials-table"), f"phones masked: {row.text!r}")
        c.shot("officials")
        c.click("#official-pin-o01")
        c.type("#official-pin", "482105")
        c.click("#pin-dialog-save")
        check(c.wait_text("#pin-shown-digits", "482105"), "the PIN set is shown once")
        c.shot("officials-pin")
        c.click("#pin-shown-close")
        check(c.wait_text("#officials-message", "冯堃"), "the page says whose PIN was set")
        check("482105" not in c.driver.find_element(By.TAG_NAME, "body").text, "and the PIN is gone from the page")
        listed = c.api("GET", "/v1/console/officials?department=d08")["body"]["rows"]
        check("482105" not in str(listed) and all("pin_hash" not in o for o in listed), "the API never sends it back")
        c.click("#official-pin-o02")
        c.click("#pin-dialog-save")
        drawn = c.text("#pin-shown-digits")
        check(len(drawn) == 6 and drawn.isdigit(), f"an empty PIN field: HQ draws six digits ({len(drawn)})")
        c.click("#pin-shown-close")
        audit = c.api("GET", "/v1/console/audit?action=pin.set")["body"]["entries"]
        check(len(audit) == 2 and "482105" not in str(audit) and drawn not in str(audit), "both audited, no PIN in the log")
        c.click("#officials-edit-o03")
        c.type("#field-title", "审批一科科长（兼）")
        c.click("#officials-dialog-save")
        check(c.wait_text("tr[data-id='o03']", "审批一科科长（兼）"), "an official's 职务 edited")
        check("063****5012" in c.text("tr[data-id='o03']"), "the phone left empty stays as it was")
        c.click("#officials-add")
        c.type("#field-name", "测试员")
        c.type("#field-title", "审批三科科长")
        Select(c.find("#field-rank")).select_by_value("chief")
        c.click("#officials-dialog-save")
        check(c.wait_text("#officials-table", "测试员"), "a new official is added")
        new_row = [r for r in c.driver.find_elements(By.CSS_SELECTOR, "#officials-table tr") if "测试员" in r.text]
        check(new_row and "未设置" in new_row[0].text, "without a PIN yet")
        for value in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "王" * 40, random_text(rng, 25),
                      "\u202e局长", "a\u0000b", "   "):
            c.click("#officials-add")
            c.set_value("#field-name", value)
            c.set_value("#field-title", random_text(rng, 12))
            c.click("#officials-dialog-save")
            outcome = c.wait.until(lambda d: d.execute_script(
                "const d = document.querySelector('#officials-dialog'); if (!d) return 'saved';"
                " if (d.querySelector('.message').textContent.trim()) return 'refused: ' +"
                " d.querySelector('.message').textContent; return d.querySelector('form').checkValidity() ? '' :"
                " 'refused by the form: ' + d.querySelector('form :invalid').validationMessage;"))
            if outcome != "saved":
                c.click("#officials-dialog-cancel")
            check(c.no_markup("body") and c.count("#officials-table") == 1 and c.words_ok(),
                  f"official named {value[:20]!r}: {outcome[:90]!r}, the page shows text only")
        said = c.upload("officials-upload", b"\xff\xfe\x00<script>" + os.urandom(500), "officials.csv")
        check(c.find("#officials-upload-message").get_attribute("class") == "message error" and c.no_markup("body"),
              f"random bytes as the officials' list: {said[:100]!r}")

        c.go("items?department=d08")
        c.find("#items-table")
        c.click("#items-add")
        c.type("#field-name", "<script>alert(1)</script>新办事项")
        Select(c.find("#field-type")).select_by_value("one_thing")
        c.type("#field-channel", "大厅A01窗口")
        c.shot("items-edit")
        c.click("#items-dialog-save")
        check(c.wait_text("#items-table", "<script>alert(1)</script>新办事项") and c.no_markup("body"),
              "an item named <script> is stored and shown as text")
        c.shot("items")
        said = c.upload("items-upload", "事项名称,类型\r\n办证,不知道什么类型\r\n".encode("gbk"), "items.csv")
        errors = c.text("#items-upload-errors")
        check("未导入" in said and "2" in errors and "不知道什么类型" in errors, f"a bad 类型 by line: {errors!r}")

        c.go("windows")
        c.find("#windows-table")
        c.dialog("#windows-edit-wA04", [("#field-name", "不动产登记（综合）")], "#windows-dialog-save")
        check(c.wait_text("tr[data-id='wA04']", "不动产登记（综合）"), "a window renamed")
        c.dialog("#windows-add", [("#field-number", "A 01"), ("#field-name", "新窗口")], "#windows-dialog-save")
        check(c.wait_text("#windows-dialog-message", "A01"), "a bad window number is refused in the dialog")
        c.click("#windows-dialog-cancel")
        c.shot("windows")

        c.go("reasons")
        check(c.wait_text("#reasons-version", "尚未发布"), "no reason list yet")
        said = c.upload("reasons-upload", "分类,原因,英文\r\n服务态度,态度生硬,Rude\r\n服务效率,等候时间长,Long wait\r\n"
                        .encode("gbk"), "reasons.csv")
        check("已导入" in said and c.wait_text("#reasons-table", "态度生硬"), f"the reason list uploaded: {said!r}")
        version = c.text("#reasons-version")
        c.dialog("#reasons-add", [("#reason-group", "服务态度"), ("#reason-zh", "不耐烦"), ("#reason-en", "Impatient")],
                 "#reason-dialog-save")
        check(c.wait_text("#reasons-table", "不耐烦"), "a reason added")
        check(c.text("#reasons-version") != version, "as a new version of the list")
        c.dialog("#reasons-add", [("#reason-group", "服务态度"), ("#reason-zh", "这个原因写得实在是太长太长了")],
                 "#reason-dialog-save")
        check(c.wait_text("#reason-dialog-message", "12"), "a reason over 12 characters is refused with a message")
        c.click("#reason-dialog-cancel")
        c.shot("reasons")

        c.go("calendar?year=2026")
        c.find("#calendar-months")
        said = c.upload("calendar-upload", "日期,类型\r\n2026-10-01至2026-10-07,放假\r\n2026-10-10,上班\r\n".encode("gbk"),
                        "calendar.csv")
        check("已导入" in said, f"the calendar uploaded: {said!r}")
        check(c.count("td[data-date='2026-10-01'].kind-holiday") == 1 and c.count("td[data-date='2026-10-10'].kind-workday") == 1,
              "holidays and the 调休 day are marked")
        c.click("td[data-date='2026-12-25'] button")
        Select(c.find("#calendar-kind")).select_by_value("holiday")
        c.click("#calendar-dialog-save")
        check(c.wait_text("#calendar-message", "2026-12-25"), "one day set as a holiday")
        check(c.count("td[data-date='2026-12-25'].kind-holiday") == 1, "and marked so")
        said = c.upload("calendar-upload", "日期,类型\r\n2026-13-45,放假\r\n<script>,上班\r\n".encode(), "bad.csv")
        check("未导入" in said and c.no_markup("body"), f"a calendar with no dates is refused: {said!r}")
        c.shot("calendar")

        # 报表: a quarter of one department previewed, downloaded as XLSX and CSV and read back; then two dates.
        c.go("tables")
        c.find("#tables-hint")
        Select(c.find("#tables-table")).select_by_value("compliance")
        Select(c.find("#tables-period-kind")).select_by_value("quarter")
        Select(c.find("#tables-period-year")).select_by_value("2026")
        Select(c.find("#tables-period-quarter")).select_by_value("Q4")
        Select(c.find("#tables-department")).select_by_visible_text("区国土住建局")
        c.click("#tables-preview")
        c.find("#tables-preview-0")
        check(c.wait_text("#tables-title", "2026-10-01"), f"the preview is of 2026Q4: {c.text('#tables-title')!r}")
        headers = [h.text for h in c.driver.find_elements(By.CSS_SELECTOR, "#tables-preview-0 thead tr:last-child th")]
        body = c.text("#tables-preview-0 tbody")
        check(headers and "欧阳燚" in body, f"the preview lists the department's officials: {headers}")
        c.shot("tables")
        name, data = c.download("#tables-xlsx", ".xlsx")
        check(name and name.endswith("2026Q4.xlsx") and "区国土住建局" in name, f"the XLSX downloads as {name!r}")
        try:
            text = xlsx_strings(data)
            check(all(escape(h) in text for h in headers if h) and "欧阳燚" in text,
                  "the workbook holds the preview's headers and rows")
        except (zipfile.BadZipFile, KeyError) as e:
            check(False, f"the XLSX opens: {e}")
        name, data = c.download("#tables-csv", ".csv")
        lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        check(name and name.endswith(".csv") and [h for h in headers] in [line[:len(headers)] for line in lines],
              f"the CSV has the preview's header row ({len(lines)} lines)")
        check(any("欧阳燚" in line for line in lines), "and its rows")
        audit = c.api("GET", "/v1/console/audit?action=table.download")["body"]["entries"]
        check(len(audit) == 2 and all(e["actor"] == "bureau" and "compliance" in e["object"] for e in audit),
              f"both downloads are in the audit log: {[e['object'] for e in audit]}")
        Select(c.find("#tables-table")).select_by_value("ratings")
        Select(c.find("#tables-period-kind")).select_by_value("dates")
        c.type("#tables-period-from", "2026/10/1")
        c.type("#tables-period-to", "2026年11月27日")
        c.find("#tables-department").click()
        check(c.find("#tables-period-from").get_attribute("value") == "2026-10-01"
              and c.find("#tables-period-to").get_attribute("value") == "2026-11-27", "typed dates read as YYYY-MM-DD")
        c.click("#tables-preview")
        check(c.wait_text("#tables-title", "2026-11-27"), "two dates make the period")
        check(c.dates_ok(), "the 报表 dates follow YYYY-MM-DD, not the browser's mm/dd/yyyy")
        c.shot("tables-dates")

        # 省平台转发: the bureau downloads the reason code table, fills in two codes, uploads it; a bad code is refused.
        c.go("forwards")
        c.find("#forward-reason-codes")
        check(c.count("#forward-reason-codes td.fleet-bad") > 3, "no reason has the platform's code yet: 未提供")
        name, data = c.download("#forward-codes-template", ".csv")
        lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        head = next((i for i, line in enumerate(lines) if line[:3] == ["编号", "原因", "代码"]), None)
        check(name and head is not None and len(lines) > head + 3, f"the table to fill in has 编号, 原因, 代码: {lines[:4]}")
        if head is not None:
            filled = lines[:head + 1] + [[r[0], r[1], f"E0{i + 1}" if i < 2 else ""] for i, r in enumerate(lines[head + 1:]) if len(r) >= 2 and r[0]]
            first = filled[head + 1]
            bad = [line[:] for line in filled]
            bad[head + 2][2] = "E 2"
            said = c.upload("forward-codes-upload", "\r\n".join(",".join(r) for r in bad).encode("gbk"), "代码表.csv")
            errors = c.text("#forward-codes-upload-errors")
            check("未导入" in said and str(head + 3) in errors and "E 2" in errors,
                  f"a code with a space is refused, its line named: {said!r} {errors!r}")
            check(c.count("#forward-reason-codes td.fleet-bad") > 3 and "E01" not in c.text("#forward-reason-codes"),
                  "and nothing was taken")
            said = c.upload("forward-codes-upload", "\r\n".join(",".join(r) for r in filled).encode("gbk"), "代码表.csv")
            check("已导入" in said, f"the filled table imports: {said!r}")
            check(c.wait_text(f"#forward-code-{first[0]}", "E01") and "本页上传" in c.text(f"#forward-code-{first[0]}"),
                  f"the reason {first[1]} shows its uploaded code")
            audit = c.api("GET", "/v1/console/audit?action=forward_codes.upload")["body"]["entries"]
            check(len(audit) == 1 and audit[0]["actor"] == "bureau", "the upload is in the audit log")
        check("区行政审批局" in c.text("#forward-dept-codes"), "each department's 统一社会信用代码 is listed by name")
        c.shot("forwards-codes")

        # English: every page once more, words and layout.
        c.click("#lang-toggle")
        check(c.wait_text("#nav-schedule", "Schedule"), "English: the navigation in English")
        for route, ready, name in (("schedule?department=d07&period=2026Q4", "td[data-date='2026-12-01'] .entry", "schedule"),
                                   ("officials?department=d08", "#officials-table", "officials"),
                                   ("items?department=d08", "#items-table", "items"),
                                   ("windows", "#windows-table", "windows"), ("reasons", "#reasons-table", "reasons"),
                                   ("calendar?year=2026", "#calendar-months .month", "calendar"),
                                   ("tables?table=compliance&period=2026Q4&department=d07", "#tables-preview-0", "tables"),
                                   ("forwards", "#forward-reason-codes", "forwards-codes")):
            c.go(route)
            c.find(ready)
            check(c.words_ok() and c.dates_ok(), f"English {name}: words and dates")
            c.shot(name)
        c.click("#lang-toggle")
        c.find("#nav-schedule")
        c.go("schedule?department=d07&period=2026Q4")
        c.find("td[data-date='2026-12-01'] .entry")
        check(c.words_ok(), "Chinese again")
        c.sign_out()

        # ---- A leader (viewer) reads everything and changes nothing.
        c.sign_in("leader")
        c.find("#welcome")
        c.go("schedule?department=d07&period=2026Q4")
        c.find("td[data-date='2026-12-01'] .entry")
        check(c.count("button.entry") == 0 and c.count("#schedule-upload") == 0 and c.count("#schedule-add") == 0,
              "the leader sees the grid without change buttons or upload")
        c.shot("schedule-viewer")
        for route, table, pid in (("officials?department=d08", "#officials-table", "officials"),
                                  ("items?department=d08", "#items-table", "items"), ("windows", "#windows-table", "windows"),
                                  ("reasons", "#reasons-table", "reasons")):
            c.go(route)
            c.find(table)
            check(c.count(f"{table} button") == 0 and c.count(f"#{pid}-add, #reasons-add") == 0
                  and c.count("form.upload") == 0, f"the leader's {pid}: no change buttons")
        c.go("calendar?year=2026")
        c.find("#calendar-months .month")
        check(c.count(".cal-button") == 0 and c.count("form.upload") == 0, "the leader's calendar: no change buttons")
        c.go("forwards")
        c.find("#forward-reason-codes")
        check(c.count("form.upload") == 0 and c.count("#forward-codes-template") == 0,
              "the leader reads the platform's codes and uploads none")
        c.go("tables?table=callbacks&period=2026Q4")
        c.find("#tables-preview-0")
        check(c.count("#tables-xlsx") == 0, "the leader may not download the 回访工作单 (phones in full)")
        for method, path, body in (("POST", "/v1/console/items", {"name": "x", "type": "other", "department": "d08"}),
                                   ("PUT", "/v1/console/schedule/s-2026-12-01-am-o05",
                                    {"date": "2026-12-01", "half": "pm", "official_id": "o05"}),
                                   ("POST", "/v1/console/officials/o01/pin", {}),
                                   ("PUT", "/v1/console/calendar/2026-12-24", {"kind": "holiday"})):
            answer = c.api(method, path, body)
            check(answer["status"] == 403, f"the leader's {method} {path}: {answer['status']}")
        c.sign_out()
    finally:
        cb.end(c, server, work)
    return cb.outcome()


if __name__ == "__main__":
    sys.exit(main())
