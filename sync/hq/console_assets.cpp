#include "sync/hq/console_assets.h"

#include <httplib.h>

#include <filesystem>
#include <map>

#include "sync/common/read_text.h"

namespace hq {
namespace {

namespace fs = std::filesystem;

// Where Debian's libjs-* packages put their files.
constexpr const char* kDebianJavascript = "/usr/share/javascript";

const std::map<std::string, std::string>& mime_types() {
  static const std::map<std::string, std::string> m = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},             {".png", "image/png"},
      {".ico", "image/x-icon"},              {".woff2", "font/woff2"}};
  return m;
}

// A path of plain segments: letters, digits, '-', '_', '.', no segment empty or starting with a dot.
bool plain_path(const std::string& p) {
  if (p.size() > 200) return false;
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = std::min(p.find('/', start), p.size());
    const std::string seg = p.substr(start, end - start);
    if (seg.empty() || seg.front() == '.') return false;
    for (const char c : seg)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    start = end + 1;
  }
  return true;
}

// `file` once links are followed, when it lies within `root` (also resolved).
std::optional<std::string> within(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  const fs::path r = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path f = fs::canonical(file, ec);
  if (ec || !fs::is_regular_file(f, ec)) return std::nullopt;
  const auto [rend, fend] = std::mismatch(r.begin(), r.end(), f.begin(), f.end());
  if (rend != r.end()) return std::nullopt;
  return f.string();
}

}  // namespace

std::string console_mime_type(const std::string& file) {
  const auto it = mime_types().find(fs::path(file).extension().string());
  return it == mime_types().end() ? "" : it->second;
}

std::optional<std::string> console_file(const std::string& assets_dir, const std::string& path) {
  const std::string p = path.empty() ? "index.html" : path;
  if (!plain_path(p) || console_mime_type(p).empty()) return std::nullopt;
  // The words: the kiosk's own files, nothing else of i18n/.
  if (p.rfind("i18n/", 0) == 0) {
    const std::string name = p.substr(5);
    if (name.find('/') != std::string::npos || fs::path(name).extension() != ".json") return std::nullopt;
    return within(fs::path(assets_dir) / "i18n", fs::path(assets_dir) / "i18n" / name);
  }
  // Libraries from Debian's libjs-* packages (lib/chart.js/chart.min.js), the listed ones only.
  if (p.rfind("lib/", 0) == 0) {
    const std::string rest = p.substr(4);
    const std::string package = rest.substr(0, rest.find('/'));
    if (package != "chart.js" || rest.size() <= package.size() + 1) return std::nullopt;
    const fs::path root = fs::path(kDebianJavascript) / package;
    return within(root, root / rest.substr(package.size() + 1));
  }
  return within(fs::path(assets_dir) / "console", fs::path(assets_dir) / "console" / p);
}

void add_console_assets(httplib::Server& server, const std::string& assets_dir) {
  server.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/console/"); });
  server.Get("/console", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/console/"); });
  server.Get(R"(/console/(.*))", [assets_dir](const httplib::Request& req, httplib::Response& res) {
    const auto file = console_file(assets_dir, req.matches[1].str());
    const auto text = file ? common::read_text(*file) : std::nullopt;
    if (!text) {
      res.status = 404;
      res.set_content("not found\n", "text/plain; charset=utf-8");
      return;
    }
    // The pages load only their own scripts, styles and data, and are never framed by another site.
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(*text, console_mime_type(*file));
  });
}

}  // namespace hq
