#include "sync/hq/public_page.h"

#include <httplib.h>

#include "sync/hq/hq_words.h"

namespace hq {

std::string html_escaped(const std::string& s) {
  std::string out;
  for (const char c : s) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  return out;
}

std::string public_page(const protocol::StringTable& w, const char* title_key, const std::string& body,
                        const std::string& other_language, const std::string& extra_css) {
  const bool english = &w == &words(Language::en);
  return "<!doctype html><html lang=\"" + std::string(english ? "en" : "zh-CN") +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + html_escaped(w.get(title_key)) + "</title><style>"
         "body{margin:0;font-family:\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
         "background:#f3f5f8;color:#1f2933;font-size:17px;line-height:1.6}"
         "header{background:#0b4f9c;color:#fff;padding:14px 18px;font-size:19px;font-weight:700}"
         "main{padding:16px}.card{background:#fff;border:1px solid #d8dee6;border-radius:10px;padding:16px 18px}"
         ".receipt{font-size:24px;font-weight:700;letter-spacing:.04em;color:#083a73;font-variant-numeric:tabular-nums}"
         ".state{display:inline-block;padding:2px 12px;border-radius:12px;background:#e8f0fa;color:#083a73;"
         "font-weight:700}.state.done{background:#e3f4e8;color:#1a7f37}dl{margin:12px 0 0}dt{color:#5f6b7a;"
         "font-size:15px;margin-top:10px}dd{margin:0}.reply{white-space:pre-wrap}.muted{color:#5f6b7a;font-size:15px}"
         "header a{float:right;color:#fff;font-size:15px;font-weight:400}" +
         extra_css + "</style></head><body><header>" + html_escaped(w.get(title_key)) + "<a href=\"" +
         html_escaped(other_language) + "\" id=\"lang\">" + html_escaped(w.get("console.language.other")) +
         "</a></header><main>" + body + "</main></body></html>";
}

void public_headers(httplib::Response& res, bool framable) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", std::string("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'") +
                                                (framable ? "; frame-ancestors *" : ""));
  res.set_header("Referrer-Policy", "no-referrer");
}

}  // namespace hq
