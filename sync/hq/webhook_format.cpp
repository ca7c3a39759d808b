#include "sync/hq/webhook_format.h"

#include <sodium.h>

#include <array>
#include <cctype>

namespace hq {
namespace {

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

bool path_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && std::string_view("\"<>\\^`{|}").find(c) == std::string_view::npos;
}

std::string percent_encoded(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

std::optional<UrlParts> split_url(const std::string& url) {
  std::string rest;
  std::string scheme;
  if (url.rfind("https://", 0) == 0) {
    scheme = "https";
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    scheme = "http";
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const std::size_t slash = rest.find_first_of("/?");
  const std::string authority = rest.substr(0, slash);
  std::string path = slash == std::string::npos ? "/" : rest.substr(slash);
  if (path.front() == '?') path = "/" + path;
  const std::size_t colon = authority.find(':');
  const std::string host = authority.substr(0, colon);
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.front() == '-') return std::nullopt;
  for (const char c : host)
    if (!host_char(c)) return std::nullopt;
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
      return std::nullopt;
  }
  for (const char c : path)
    if (!path_char(c)) return std::nullopt;
  return UrlParts{scheme + "://" + authority, path};
}

std::optional<protocol::Phrase> webhook_url_problem(const std::string& url) {
  if (url.size() > 1000) return phrase("hq.webhook.url_long");
  if (!split_url(url)) return phrase("hq.webhook.url_bad");
  return std::nullopt;
}

std::optional<protocol::Phrase> webhook_secret_problem(const std::string& secret) {
  if (secret.size() > 200) return phrase("hq.webhook.secret_long");
  for (const char c : secret)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      return phrase("hq.webhook.secret_bad");
  return std::nullopt;
}

std::string signed_url(protocol::WebhookKind kind, const std::string& url, const std::string& secret,
                       std::int64_t now_ms) {
  if (kind != protocol::WebhookKind::dingtalk || secret.empty()) return url;
  const std::string timestamp = std::to_string(now_ms);
  const std::string message = timestamp + "\n" + secret;
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, mac.data());
  std::array<char, sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL)> b64{};
  sodium_bin2base64(b64.data(), b64.size(), mac.data(), mac.size(), sodium_base64_VARIANT_ORIGINAL);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "timestamp=" + timestamp +
         "&sign=" + percent_encoded(b64.data());
}

std::string webhook_body(protocol::WebhookKind kind, const std::string& title, const std::string& text,
                         const std::string& event_id, nlohmann::json generic) {
  const std::string with_id = text + "\n\n> " + event_id;
  switch (kind) {
    case protocol::WebhookKind::wecom:
      return nlohmann::json{{"msgtype", "markdown"}, {"markdown", {{"content", with_id}}}}.dump();
    case protocol::WebhookKind::dingtalk:
      return nlohmann::json{{"msgtype", "markdown"}, {"markdown", {{"title", title}, {"text", with_id}}}}.dump();
    case protocol::WebhookKind::generic:
      break;
  }
  generic["event_id"] = event_id;
  generic["title"] = title;
  generic["text"] = text;
  return generic.dump();
}

}  // namespace hq
