#include "sync/hq/http_post.h"

#include <httplib.h>

#include "sync/hq/outgoing_calls.h"
#include "sync/hq/webhook_format.h"

namespace hq {

PostAnswer post_json(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, int read_timeout_seconds, std::int64_t now) {
  PostAnswer out;
  const auto parts = split_url(url);
  if (!parts) {
    out.unusable_url = true;
    out.error = "the URL is not http(s)://host[:port]/path";
    return out;
  }
  httplib::Client client(parts->origin);
  if (!client.is_valid()) {
    out.unusable_url = true;
    out.error = "the URL's scheme or host cannot be used";
    return out;
  }
  client.enable_server_certificate_verification(true);
  client.set_connection_timeout(kConnectTimeoutSeconds, 0);
  client.set_read_timeout(read_timeout_seconds, 0);
  client.set_write_timeout(read_timeout_seconds, 0);
  client.set_keep_alive(false);
  httplib::Headers sent = {{"User-Agent", "hqd"}};
  for (const auto& [k, v] : headers) sent.emplace(k, v);
  const auto res = client.Post(parts->path.c_str(), sent, body, "application/json");
  if (!res) {
    out.error = "no answer: " + httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  if (res->has_header("Retry-After")) out.retry_after = retry_after_seconds(res->get_header_value("Retry-After"), now);
  return out;
}

bool retryable_status(int status) { return status == 408 || status == 425 || status == 429 || status >= 500; }

std::string bounded_text(std::string s, std::size_t limit) {
  if (s.size() > limit) s.resize(limit);
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

}  // namespace hq
