#include "sync/client/http.h"

#include "kiosk/core/outbox.h"
#include "sync/client/bounded_inflate.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace sync_client {
namespace {

// The largest answer taken, counted after inflating (and at most kMaxInflateRatio to 1): a bomb stops here.
constexpr std::size_t kMaxResponseBytes = 64 * 1024 * 1024;
// The longest wait a Retry-After may ask for; a hostile or broken HQ asking for more gets this.
constexpr long long kMaxRetryAfterSeconds = core::kLongestWaitSeconds;

// Where header lines and the body go: the response, its Content-Encoding, the inflater made for the body once the
// headers are in, and the clock an HTTP-date Retry-After is measured against.
struct Sink {
  HttpResponse* res;
  const common::Clock* clock;
  std::string encoding;
  std::unique_ptr<BoundedInflater> body;
  std::string error;  // why the body was refused
};

// libcurl hands over the body as sent (its own decoding is off), so every byte is counted before it is inflated.
std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  if (!sink->body) sink->body = std::make_unique<BoundedInflater>(sink->encoding, kMaxResponseBytes, sink->res->body);
  if (!sink->body->feed(data, size * n)) {
    sink->error = sink->body->error();
    return 0;  // libcurl ends the transfer with a write error
  }
  return size * n;
}

// A header's value when `line` is that header (name matched without case), else nullopt.
std::optional<std::string> header_value(const std::string& line, const std::string& name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return std::nullopt;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return std::nullopt;
  std::string v = line.substr(name.size() + 1);
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(v.begin());
  while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
  return v;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  std::string line(data, size * n);
  auto* sink = static_cast<Sink*>(user);
  auto* res = sink->res;
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a 100)
    res->retry_after = -1;
    sink->encoding.clear();
  }
  if (auto e = header_value(line, "content-encoding")) sink->encoding = *e;
  if (auto value = header_value(line, "retry-after")) {
    const std::string& v = *value;
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos) {
      res->retry_after = static_cast<int>(v.size() < 9 ? std::min(std::stoll(v), kMaxRetryAfterSeconds)
                                                       : kMaxRetryAfterSeconds);
    } else if (const time_t at = curl_getdate(v.c_str(), nullptr); at > 0) {
      const auto delta = static_cast<long long>(at - sink->clock->now());
      res->retry_after = delta > 0 ? static_cast<int>(std::min(delta, kMaxRetryAfterSeconds)) : 0;
    }
  }
  return size * n;
}

}  // namespace

Http::Http(const core::HqConfig& config, const common::Clock& clock) : config_(config), clock_(clock) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("libcurl could not start");
}

Http::~Http() { curl_easy_cleanup(curl_); }

HttpResponse Http::get(const std::string& path) { return perform(path, nullptr); }
HttpResponse Http::post(const std::string& path, const std::string& body) { return perform(path, &body); }

HttpResponse Http::perform(const std::string& path, const std::string* body) {
  HttpResponse res;
  curl_easy_reset(curl_);  // keeps the connection cache: the next request reuses the connection
  const std::string url = config_.url + path;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout_seconds) * 1000L);
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout_seconds) * 1000L);
  // Certificates are always verified; a CA file pins the bureau's own CA instead of the system's list.
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, config_.ca_file.c_str());
  // gzip answers welcome (not brotli, which hqd's library runs at its slowest quality), inflated by our own
  // BoundedInflater rather than libcurl, which would hand over only what it had already inflated.
  curl_easy_setopt(curl_, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(curl_, CURLOPT_MAXFILESIZE, static_cast<long>(kMaxResponseBytes));
  Sink sink{&res, &clock_, {}, nullptr, {}};
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &sink);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept-Encoding: gzip");
  headers = curl_slist_append(headers, ("Authorization: Bearer " + config_.device_token).c_str());
  headers = curl_slist_append(headers, ("X-Device-Id: " + config_.device_id).c_str());
  headers = curl_slist_append(headers, "Accept: application/json");
  if (body) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  }
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
  const CURLcode rc = curl_easy_perform(curl_);
  curl_slist_free_all(headers);
  if (rc == CURLE_OK && sink.body && !sink.body->finish()) sink.error = sink.body->error();
  if (rc != CURLE_OK || !sink.error.empty()) {
    res.status = 0;
    res.body.clear();
    res.error = !sink.error.empty()            ? sink.error
                : rc == CURLE_FILESIZE_EXCEEDED ? "HQ's answer is larger than " + std::to_string(kMaxResponseBytes) + " bytes"
                                                : curl_easy_strerror(rc);
    return res;
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &res.status);
  return res;
}

}  // namespace sync_client
