#pragma once
// What a webhook receives, by its kind: the JSON of a 企业微信 group robot (markdown), of a 钉钉 group robot (markdown,
// its URL signed with HMAC-SHA256 of timestamp and secret), or hqd's generic JSON; and which URLs and secrets a
// webhook may have.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sync/hq/hq_words.h"
#include "sync/protocol/enums.h"

namespace hq {

// An http(s) URL cut where httplib wants it: "https://host:port" and "/path?query".
struct UrlParts {
  std::string origin, path;
};
// nullopt unless `url` is http:// or https://, a host of letters, digits, '.', '-' (or an IPv4 address), an optional
// port, and a path of printable ASCII without spaces, quotes or angle brackets.
std::optional<UrlParts> split_url(const std::string& url);

// Why a webhook's URL or secret cannot be stored (nullopt: it can). At most 1000 bytes of URL, 200 of secret
// (printable ASCII).
std::optional<protocol::Phrase> webhook_url_problem(const std::string& url);
std::optional<protocol::Phrase> webhook_secret_problem(const std::string& secret);

// The URL to POST to at `now_ms` (unix milliseconds): a 钉钉 robot's with &timestamp=…&sign=… when it has a secret
// (sign = Base64 of HMAC-SHA256 keyed with the secret over "timestamp\nsecret", URL-encoded); the others' as stored.
std::string signed_url(protocol::WebhookKind kind, const std::string& url, const std::string& secret,
                       std::int64_t now_ms);

// The body for a webhook of `kind`: `title` and the markdown `text` (the event id is appended to it), or for the
// generic kind `generic` with "event_id", "title" and "text" added.
std::string webhook_body(protocol::WebhookKind kind, const std::string& title, const std::string& text,
                         const std::string& event_id, nlohmann::json generic);

}  // namespace hq
