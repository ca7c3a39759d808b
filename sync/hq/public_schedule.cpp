#include "sync/hq/public_schedule.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <tuple>

#include "sync/common/civil_time.h"
#include "sync/hq/auth_limiter.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/public_page.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/schedule_ahead.h"

namespace hq {

using sync_db::Db;

namespace {

// One published sitting as the public sees it: no phone, no PIN, nothing of the official but name and 职务.
struct PublicSitting {
  std::string id, date;
  protocol::HalfDay half = protocol::HalfDay::am;
  std::string name, title, department, window_number, window_name;
};

// The schedule of this week and next for `ask`, and the departments to choose from; nullopt for a department HQ
// does not know.
struct Schedule {
  std::string today;
  std::string department_id;  // the one asked for, "" for all
  std::vector<std::pair<std::string, std::string>> departments;  // id, name in the hall's order
  std::vector<protocol::AheadDay<PublicSitting>> days;
  int utc_offset_minutes = kDefaultHallOffsetMinutes;
};

std::optional<Schedule> read_schedule(HqStore& store, const ScheduleAsk& ask) {
  const HallClock hall = store.hall_clock();
  return store.locked([&](Db& db) -> std::optional<Schedule> {
    const Lookup l = load_master(db, hall);
    Schedule s;
    s.today = hall.today();
    s.utc_offset_minutes = hall.utc_offset_minutes();
    std::vector<std::pair<int, std::string>> order;
    for (const auto& [id, d] : l.departments) order.push_back({d.sort, id});
    std::sort(order.begin(), order.end());
    for (const auto& [sort, id] : order) {
      const protocol::Department& d = l.departments.at(id);
      s.departments.emplace_back(id, d.name);
      if (!ask.department.empty() && (ask.department == id || ask.department == d.name || ask.department == d.short_name))
        s.department_id = id;
    }
    if (!ask.department.empty() && s.department_id.empty()) return std::nullopt;
    std::vector<PublicSitting> rows;
    for (const auto& e : stored_schedule(db)) {
      const auto o = l.officials.find(e.official_id);
      if (o == l.officials.end() || (!s.department_id.empty() && o->second.department_id != s.department_id)) continue;
      const auto w = l.windows.find(e.window_id);
      rows.push_back({e.id, e.date, e.half, o->second.name, o->second.title, l.department_name(o->second.department_id),
                      w == l.windows.end() ? "" : w->second.number, w == l.windows.end() ? "" : w->second.name});
    }
    std::sort(rows.begin(), rows.end(), [](const PublicSitting& a, const PublicSitting& b) {
      return std::tie(a.date, a.half, a.window_number, a.name) < std::tie(b.date, b.half, b.window_number, b.name);
    });
    s.days = protocol::by_day_and_half(rows, s.today);
    return s;
  });
}

std::string hhmm(int minutes) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return out;
}

// A query value written into a link.
std::string url_encoded(const std::string& s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string query(bool english, const std::string& department) {
  std::string q = english ? "?lang=en" : "?lang=zh";
  if (!department.empty()) q += "&department=" + url_encoded(department);
  return q;
}

constexpr const char* kPageCss =
    ".filter{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center;margin-bottom:12px}"
    ".filter select{font-size:17px;min-height:44px;max-width:100%;flex:1 1 12em}"
    ".filter button,.subscribe{font-size:17px;min-height:44px;padding:0 18px;border-radius:8px;border:1px solid #0b4f9c;"
    "background:#0b4f9c;color:#fff}.subscribe{display:inline-flex;align-items:center;background:#fff;color:#0b4f9c;"
    "text-decoration:none}h2.week{font-size:19px;margin:20px 0 8px;color:#083a73}h2.week:first-of-type{margin-top:8px}"
    "h2.week .range{display:block;font-size:15px;font-weight:400;color:#5f6b7a}main{max-width:880px;margin:0 auto}"
    ".day{margin:0 0 12px}.day h3{margin:0 0 4px;font-size:18px}.today{display:inline-block;margin-left:8px;"
    "padding:0 10px;border-radius:12px;background:#0b4f9c;color:#fff;font-size:14px;font-weight:400}"
    ".day h4{margin:10px 0 2px;font-size:15px;color:#5f6b7a;font-weight:400}.people{list-style:none;margin:0;padding:0}"
    ".people li{padding:8px 0;border-top:1px solid #eef1f5}.people li:first-child{border-top:0}"
    ".name{font-weight:700;margin-right:8px}.where{color:#5f6b7a;font-size:15px}";

std::string half_heading(const protocol::StringTable& w, protocol::HalfDay half, const HalfDayHours& h) {
  const bool am = half == protocol::HalfDay::am;
  return w.of(half) + " " + hhmm(am ? h.am_start : h.pm_start) + "–" + hhmm(am ? h.am_end : h.pm_end);
}

std::string week_html(const protocol::StringTable& w, const Schedule& s, int week, const HalfDayHours& hours) {
  const protocol::AheadRange range = protocol::two_weeks_from(s.today);
  const std::string next_monday = common::add_days(range.to, -6);
  const std::string from = week == 0 ? range.from : next_monday;
  const std::string to = week == 0 ? common::add_days(next_monday, -1) : range.to;
  std::string out = "<h2 class=\"week\" id=\"week-" + std::to_string(week) + "\">" +
                    html_escaped(w.get(week == 0 ? "weeks.this" : "weeks.next")) + "<span class=\"range\">" +
                    html_escaped(protocol::date_in_words(w, from, false)) + " – " +
                    html_escaped(protocol::date_in_words(w, to, false)) + "</span></h2>";
  bool any = false;
  for (const auto& day : s.days) {
    if (day.week != week) continue;
    any = true;
    out += "<section class=\"card day\" id=\"day-" + day.date + "\"><h3>" +
           html_escaped(protocol::date_in_words(w, day.date, false)) +
           (day.date == s.today ? "<span class=\"today\">" + html_escaped(w.get("weeks.today")) + "</span>" : "") + "</h3>";
    for (const protocol::HalfDay half : protocol::all_values<protocol::HalfDay>()) {
      const auto& rows = day.halves[half == protocol::HalfDay::am ? 0 : 1];
      out += "<h4>" + html_escaped(half_heading(w, half, hours)) + "</h4>";
      if (rows.empty()) {
        out += "<p class=\"muted\">" + html_escaped(w.get("weeks.nobody")) + "</p>";
        continue;
      }
      out += "<ul class=\"people\">";
      for (const auto& r : rows) {
        std::string where = r.department;
        if (!r.window_number.empty())
          where += " · " + protocol::fill_places(w.get("duty.window"), {{"n", r.window_number}}) + " " + r.window_name;
        out += "<li><span class=\"name\">" + html_escaped(r.name) + "</span>" + html_escaped(r.title) +
               "<br><span class=\"where\">" + html_escaped(where) + "</span></li>";
      }
      out += "</ul>";
    }
    out += "</section>";
  }
  if (!any) out += "<p class=\"muted card\">" + html_escaped(w.get("weeks.empty")) + "</p>";
  return out;
}

// RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped.
std::string ics_text(const std::string& s) {
  std::string out;
  for (const char c : s) switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  return out;
}

// One content line, folded so that no line is longer than 75 octets (never inside a UTF-8 character), CRLF-ended.
void ics_line(std::string& out, const std::string& line) {
  std::size_t octets = 0;
  for (std::size_t i = 0; i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (octets + n > 75) {
      out += "\r\n ";
      octets = 1;
    }
    out.append(line, i, n);
    octets += n;
    i += n;
  }
  out += "\r\n";
}

// "20261127T012000Z" of a unix time.
std::string ics_utc(std::int64_t unix_seconds) {
  std::string t = common::format_timestamp_utc(unix_seconds);
  std::erase_if(t, [](char c) { return c == '-' || c == ':'; });
  return t;
}

std::int64_t hall_moment(const std::string& date, int minutes, int offset) {
  return common::from_civil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8, 2)),
                            minutes / 60, minutes % 60, 0, offset);
}

void route(httplib::Server& server, const char* path, HqStore& store, LookupLimiter& limiter, bool ics,
           const HalfDayHours& hours) {
  server.Get(path, [&store, &limiter, ics, &hours](const httplib::Request& req, httplib::Response& res) {
    ScheduleAsk ask{req.get_param_value("department"), req.get_param_value("lang") == "en"};
    const protocol::StringTable& w = words(ask.english ? Language::en : Language::zh);
    AuthLimiter* proxies = active_auth_limiter();
    public_headers(res, true);
    const auto notice = [&](const char* key) {
      return public_page(w, "public.schedule.title", "<section class=\"card\" id=\"notice\"><p>" + html_escaped(w.get(key)) +
                                                         "</p></section>",
                         query(!ask.english, ""));
    };
    if (const std::int64_t wait = limiter.wait(proxies ? proxies->client_address(req) : req.remote_addr)) {
      res.status = 429;
      res.set_header("Retry-After", std::to_string(wait));
      res.set_content(notice("public.receipt.too_many"), "text/html; charset=utf-8");
      return;
    }
    int status = 500;
    try {
      if (ics) {
        const std::string text = schedule_ics(store, ask, hours, status);
        res.status = status;
        if (status == 200) {
          res.set_header("Content-Disposition", "inline; filename=\"schedule.ics\"");
          res.set_content(text, "text/calendar; charset=utf-8");
        } else {
          res.set_content(notice("public.schedule.no_department"), "text/html; charset=utf-8");
        }
      } else {
        const std::string html = schedule_page(store, ask, hours, status);
        res.status = status;
        res.set_content(html, "text/html; charset=utf-8");
      }
    } catch (const std::exception&) {
      res.status = 503;
      res.set_header("Retry-After", "5");
      res.set_content(notice("public.receipt.unavailable"), "text/html; charset=utf-8");
    }
  });
}

}  // namespace

bool parse_hours(const std::string& text, int& start, int& end) {
  const auto dash = text.find('-');
  if (dash == std::string::npos) return false;
  const auto a = common::parse_hhmm(text.substr(0, dash)), b = common::parse_hhmm(text.substr(dash + 1));
  if (!a || !b || *a >= *b) return false;
  start = *a;
  end = *b;
  return true;
}

std::string schedule_page(HqStore& store, const ScheduleAsk& ask, const HalfDayHours& hours, int& status) {
  const protocol::StringTable& w = words(ask.english ? Language::en : Language::zh);
  const auto s = read_schedule(store, ask);
  if (!s) {
    status = 404;
    return public_page(w, "public.schedule.title",
                       "<section class=\"card\" id=\"notice\"><p>" + html_escaped(w.get("public.schedule.no_department")) +
                           "</p><p><a href=\"" + html_escaped(query(ask.english, "")) + "\">" +
                           html_escaped(w.get("public.schedule.all")) + "</a></p></section>",
                       query(!ask.english, ""), kPageCss);
  }
  std::string body = "<form class=\"filter\" method=\"get\" action=\"\">";
  if (ask.english) body += "<input type=\"hidden\" name=\"lang\" value=\"en\">";
  body += "<label for=\"department\">" + html_escaped(w.get("public.schedule.department")) +
          "</label><select id=\"department\" name=\"department\"><option value=\"\">" +
          html_escaped(w.get("public.schedule.all")) + "</option>";
  for (const auto& [id, name] : s->departments)
    body += "<option value=\"" + html_escaped(id) + "\"" + (id == s->department_id ? " selected" : "") + ">" +
            html_escaped(name) + "</option>";
  body += "</select><button type=\"submit\" id=\"show\">" + html_escaped(w.get("public.schedule.show")) +
          "</button><a class=\"subscribe\" id=\"ics\" href=\"schedule.ics" +
          html_escaped(query(ask.english, s->department_id)) + "\">" + html_escaped(w.get("public.schedule.subscribe")) +
          "</a></form>";
  body += week_html(w, *s, 0, hours) + week_html(w, *s, 1, hours);
  body += "<p class=\"muted\" id=\"footer\">" +
          html_escaped(protocol::fill_places(w.get("public.schedule.footer"),
                                             {{"offset", common::format_utc_offset(s->utc_offset_minutes)}})) +
          "</p>";
  status = 200;
  return public_page(w, "public.schedule.title", body, query(!ask.english, s->department_id), kPageCss);
}

std::string schedule_ics(HqStore& store, const ScheduleAsk& ask, const HalfDayHours& hours, int& status) {
  const protocol::StringTable& w = words(ask.english ? Language::en : Language::zh);
  const auto s = read_schedule(store, ask);
  if (!s) {
    status = 404;
    return {};
  }
  std::string out;
  ics_line(out, "BEGIN:VCALENDAR");
  ics_line(out, "VERSION:2.0");
  ics_line(out, "PRODID:-//hall-hqd//public schedule//" + std::string(ask.english ? "EN" : "ZH"));
  ics_line(out, "CALSCALE:GREGORIAN");
  ics_line(out, "METHOD:PUBLISH");
  ics_line(out, "X-WR-CALNAME:" + ics_text(w.get("public.schedule.title")));
  const std::string stamp = ics_utc(store.clock().now());
  for (const auto& day : s->days)
    for (const protocol::HalfDay half : protocol::all_values<protocol::HalfDay>()) {
      const bool am = half == protocol::HalfDay::am;
      for (const auto& r : day.halves[am ? 0 : 1]) {
        ics_line(out, "BEGIN:VEVENT");
        ics_line(out, "UID:" + ics_text("sitting-" + r.id + "@hall-hqd"));
        ics_line(out, "DTSTAMP:" + stamp);
        ics_line(out, "DTSTART:" + ics_utc(hall_moment(day.date, am ? hours.am_start : hours.pm_start, s->utc_offset_minutes)));
        ics_line(out, "DTEND:" + ics_utc(hall_moment(day.date, am ? hours.am_end : hours.pm_end, s->utc_offset_minutes)));
        ics_line(out, "SUMMARY:" + ics_text(protocol::fill_places(
                                       w.get("public.schedule.summary"),
                                       {{"name", r.name}, {"title", r.title}, {"window", r.window_number}})));
        ics_line(out, "LOCATION:" + ics_text(r.window_number + " " + r.window_name));
        ics_line(out, "DESCRIPTION:" + ics_text(r.department + " · " + r.title));
        ics_line(out, "TRANSP:TRANSPARENT");
        ics_line(out, "END:VEVENT");
      }
    }
  ics_line(out, "END:VCALENDAR");
  status = 200;
  return out;
}

void add_public_schedule_routes(httplib::Server& server, HqStore& store, LookupLimiter& limiter,
                                const HalfDayHours& hours) {
  route(server, "/public/schedule", store, limiter, false, hours);
  route(server, "/public/schedule.ics", store, limiter, true, hours);
}

}  // namespace hq
