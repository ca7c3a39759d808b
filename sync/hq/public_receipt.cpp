#include "sync/hq/public_receipt.h"

#include <httplib.h>

#include <algorithm>

#include "sync/hq/auth_limiter.h"
#include "sync/hq/case_common.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/public_page.h"
#include "sync/hq/report_cases.h"
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

std::string page(const protocol::StringTable& w, const std::string& body) {
  const bool english = &w == &words(Language::en);
  return public_page(w, "public.receipt.title", body, english ? "?lang=zh" : "?lang=en");
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

std::string receipt_page(HqStore& store, const std::string& typed, bool english, int& status) {
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
  };
  const auto found = store.locked([&](Db& db) -> std::optional<Found> {
    Stmt s(db,
           "SELECT r.body, c.state, c.department_id, coalesce(u.reply, '') FROM report_cases c JOIN records r ON "
           "r.receipt=c.receipt AND r.kind='report' LEFT JOIN report_status u ON u.receipt=c.receipt WHERE c.receipt=?");
    s.bind(1, digits);
    if (!s.step()) return std::nullopt;
    const Departments d(db);
    const auto dept = d.names.find(s.text(2));  // one HQ does not know is left out
    return Found{s.text(0), s.text(1), dept == d.names.end() ? "" : dept->second, s.text(3)};
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
  body += "</section><p class=\"muted\">" + html_escaped(w.get("public.receipt.footer")) + "</p>";
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
      const std::string html = receipt_page(store, req.matches[1], english, status);
      res.status = status;
      res.set_content(html, "text/html; charset=utf-8");
    } catch (const std::exception&) {
      res.status = 503;
      res.set_header("Retry-After", "5");
      res.set_content(notice(w, "public.receipt.unavailable"), "text/html; charset=utf-8");
    }
  });
}

}  // namespace hq
