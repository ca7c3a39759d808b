#include "sync/hq/public_receipt.h"

#include <httplib.h>

#include <algorithm>

#include "sync/hq/auth_limiter.h"
#include "sync/hq/case_common.h"
#include "sync/hq/handling_rating.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/public_page.h"
#include "sync/hq/report_cases.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

namespace {

// "0011 0660 0016" as printed on the slip.
std::string printed(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) out += (i && i % 4 == 0 ? " " : "") + std::string(1, digits[i]);
  return out;
}

// The five levels as large choices, one under the other: a thumb finds each on a phone.
constexpr const char* kRateCss =
    "#rate h2{font-size:1.2em;margin:0 0 6px}#rate strong{font-size:1.1em}"
    "form.rate label.level{display:block;border:1px solid #c5cfdc;border-radius:10px;padding:12px 14px;margin:8px 0;"
    "font-size:1.1em}form.rate label.level input{width:1.3em;height:1.3em;margin-right:10px;vertical-align:middle}"
    "form.rate textarea{width:100%;box-sizing:border-box;font-size:1em;min-height:4.5em}"
    "form.rate button{width:100%;padding:14px;font-size:1.15em;margin-top:12px;border:0;border-radius:10px;"
    "background:#1b55a0;color:#fff}";

std::string page(const protocol::StringTable& w, const std::string& body) {
  const bool english = &w == &words(Language::en);
  return public_page(w, "public.receipt.title", body, english ? "?lang=zh" : "?lang=en", kRateCss);
}

std::string notice(const protocol::StringTable& w, const std::string& key) {
  return page(w, "<section class=\"card\" id=\"notice\"><p>" + html_escaped(w.get(key)) + "</p></section>");
}

}  // namespace

std::int64_t LookupLimiter::wait(const std::string& address) {
  const double now = clock_.elapsed();
  std::lock_guard<std::mutex> lock(mutex_);
  if (seen_.size() > 10000)  // forget the quiet ones first, then everyone: the limit is for bursts
    std::erase_if(seen_, [&](const auto& kv) { return kv.second.empty() || kv.second.back() < now - 60; });
  if (seen_.size() > 10000) seen_.clear();
  auto& times = seen_[address];
  std::erase_if(times, [&](double t) { return t <= now - 60; });
  if (static_cast<int>(times.size()) >= per_minute_)
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(times.front() + 60 - now + 0.999));
  times.push_back(now);
  return 0;
}

// After 办结: the citizen's rating of the handling, or the form to give one (a plain form: the page runs no script).
std::string rating_section(const protocol::StringTable& w, const std::string& digits, bool english,
                           const std::optional<HandlingRating>& given, bool just_rated) {
  std::string out = "<section class=\"card\" id=\"rate\"><h2>" + html_escaped(w.get("public.rate.title")) + "</h2>";
  if (given) {
    if (just_rated) out += "<p id=\"rate-thanks\">" + html_escaped(w.get("public.rate.thanks")) + "</p>";
    out += "<p id=\"rated\">" + html_escaped(w.get("public.rate.given")) + "<strong>" + html_escaped(w.of(given->level)) +
           "</strong></p>";
    if (!given->comment.empty()) out += "<p class=\"reply\">" + html_escaped(given->comment) + "</p>";
    return out + "</section>";
  }
  out += "<form class=\"rate\" method=\"post\" action=\"/public/r/" + digits + "/rate" + (english ? "?lang=en" : "") +
         "\"><p class=\"muted\">" + html_escaped(w.get("public.rate.prompt")) + "</p>";
  for (const auto level : protocol::all_values<protocol::Level>()) {
    const std::string word = protocol::to_string(level);
    out += "<label class=\"level\"><input type=\"radio\" name=\"level\" required value=\"" + word + "\" id=\"level-" +
           word + "\">" + html_escaped(w.of(level)) + "</label>";
  }
  out += "<p><label for=\"comment\">" + html_escaped(w.get("public.rate.comment")) +
         "</label></p><textarea name=\"comment\" id=\"comment\" maxlength=\"200\"></textarea><button type=\"submit\" "
         "id=\"rate-send\">" + html_escaped(w.get("public.rate.send")) + "</button></form>";
  return out + "</section>";
}

std::string receipt_page(HqStore& store, const std::string& typed, bool english, int& status, bool just_rated) {
  const protocol::StringTable& w = words(english ? Language::en : Language::zh);
  // Read as casework reads a receipt typed in (spaces and dashes allowed); its refusal says which fault it found.
  std::string digits;
  try {
    digits = receipt_digits(typed);
  } catch (const AdminError& e) {
    status = 400;
    const bool check = !e.words_of.empty() && e.words_of.front().key == "hq.case.receipt_check";
    return notice(w, check ? "public.receipt.check_digit" : "public.receipt.length");
  }
  struct Found {
    std::string body, state, department, reply;
    std::optional<HandlingRating> rated;
  };
  const auto found = store.locked([&](Db& db) -> std::optional<Found> {
    Stmt s(db,
           "SELECT r.body, c.state, c.department_id, coalesce(u.reply, '') FROM report_cases c JOIN records r ON "
           "r.receipt=c.receipt AND r.kind='report' LEFT JOIN report_status u ON u.receipt=c.receipt WHERE c.receipt=?");
    s.bind(1, digits);
    if (!s.step()) return std::nullopt;
    const Departments d(db);
    const auto dept = d.names.find(s.text(2));  // one HQ does not know is left out
    return Found{s.text(0), s.text(1), dept == d.names.end() ? "" : dept->second, s.text(3), handling_rating(db, digits)};
  });
  if (!found) {
    status = 404;
    return notice(w, "public.receipt.not_found");
  }
  const auto r = protocol::decode_body<protocol::ReportBody>(found->body);
  const auto state = protocol::from_string<protocol::ReportState>(found->state).value_or(protocol::ReportState::submitted);
  const std::string state_word = w.get("query.status." + std::string(protocol::to_string(state)));
  std::string body = "<section class=\"card\" id=\"receipt\"><div class=\"muted\">" +
                     html_escaped(w.get("public.receipt.number")) + "</div><div class=\"receipt\">" + printed(digits) +
                     "</div><p><span class=\"state" + (state == protocol::ReportState::done ? " done" : "") +
                     "\" id=\"state\">" + html_escaped(state_word) + "</span></p><dl>";
  const auto fact = [&](const char* key, const std::string& value, const char* id = nullptr) {
    if (value.empty()) return;
    body += "<dt>" + html_escaped(w.get(key)) + "</dt><dd" + (id ? std::string(" id=\"") + id + "\"" : "") + ">" +
            html_escaped(value) + "</dd>";
  };
  fact("public.receipt.department", found->department);
  fact("public.receipt.item", r.item_name);
  fact("public.receipt.kind", w.of(r.report_kind));
  fact("public.receipt.filed", r.created_at.substr(0, 10));
  fact("public.receipt.due", r.due_date);
  body += "</dl>";
  if (!found->reply.empty())
    body += "<dl><dt>" + html_escaped(w.get("query.reply")) + "</dt><dd class=\"reply\" id=\"reply\">" +
            html_escaped(found->reply) + "</dd></dl>";
  else
    body += "<p class=\"muted\" id=\"no-reply\">" + html_escaped(w.get("public.receipt.no_reply")) + "</p>";
  body += "</section>";
  if (state == protocol::ReportState::done) body += rating_section(w, digits, english, found->rated, just_rated);
  body += "<p class=\"muted\">" + html_escaped(w.get("public.receipt.footer")) + "</p>";
  status = 200;
  return page(w, body);
}

void add_public_routes(httplib::Server& server, HqStore& store, LookupLimiter& limiter) {
  server.Get(R"(/public/r/([^/]{1,40}))", [&](const httplib::Request& req, httplib::Response& res) {
    // Chinese, as the slip is; English through the page's own link (?lang=en).
    const bool english = req.get_param_value("lang") == "en";
    const protocol::StringTable& w = words(english ? Language::en : Language::zh);
    AuthLimiter* proxies = active_auth_limiter();
    const std::string address = proxies ? proxies->client_address(req) : req.remote_addr;
    public_headers(res, false);
    if (const std::int64_t wait = limiter.wait(address)) {
      res.status = 429;
      res.set_header("Retry-After", std::to_string(wait));
      res.set_content(notice(w, "public.receipt.too_many"), "text/html; charset=utf-8");
      return;
    }
    int status = 500;
    try {
      const std::string html = receipt_page(store, req.matches[1], english, status, req.get_param_value("rated") == "1");
      res.status = status;
      res.set_content(html, "text/html; charset=utf-8");
    } catch (const std::exception&) {
      res.status = 503;
      res.set_header("Retry-After", "5");
      res.set_content(notice(w, "public.receipt.unavailable"), "text/html; charset=utf-8");
    }
  });
  // The form's answer: counted like a look-up; kept once, after 办结; then back to the page (303), which shows it.
  server.Post(R"(/public/r/([^/]{1,40})/rate)", [&](const httplib::Request& req, httplib::Response& res) {
    const bool english = req.get_param_value("lang") == "en";
    const protocol::StringTable& w = words(english ? Language::en : Language::zh);
    AuthLimiter* proxies = active_auth_limiter();
    const std::string address = proxies ? proxies->client_address(req) : req.remote_addr;
    public_headers(res, false);
    const auto say = [&](int status, const char* key) {
      res.status = status;
      res.set_content(notice(w, key), "text/html; charset=utf-8");
    };
    if (const std::int64_t wait = limiter.wait(address)) {
      res.set_header("Retry-After", std::to_string(wait));
      return say(429, "public.receipt.too_many");
    }
    std::string digits;
    try {
      digits = receipt_digits(req.matches[1]);
    } catch (const AdminError&) {
      return say(400, "public.receipt.length");
    }
    const auto level = protocol::from_string<protocol::Level>(req.get_param_value("level"));
    if (!level) return say(400, "public.rate.need_level");
    std::string comment = req.get_param_value("comment");
    if (!protocol::valid_utf8(comment) || comment.size() > 600) return say(400, "public.rate.bad_comment");
    try {
      switch (rate_handling(store, digits, *level, comment)) {
        case RateOutcome::saved: break;
        case RateOutcome::already_rated: return say(409, "public.rate.already");
        case RateOutcome::not_done: return say(409, "public.rate.not_done");
        case RateOutcome::not_found: return say(404, "public.receipt.not_found");
      }
    } catch (const std::exception&) {
      res.set_header("Retry-After", "5");
      return say(503, "public.receipt.unavailable");
    }
    res.status = 303;
    res.set_header("Location", "/public/r/" + digits + "?rated=1" + (english ? "&lang=en" : ""));
  });
}

}  // namespace hq
