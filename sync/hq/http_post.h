#pragma once
// One POST of a JSON body from hqd to another system (webhooks, the provincial 好差评 platform): certificates and
// host names verified for https, hqd's timeouts, no keep-alive, and what came back (or why nothing did).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hq {

// What one POST came to.
struct PostAnswer {
  std::optional<int> status;     // none: no answer (no connection, a timeout, a reset) or an unusable URL
  std::string body;              // the answer's body
  std::string error;             // why there was no answer
  bool unusable_url = false;     // the URL can never work: trying again is pointless
  std::int64_t retry_after = -1;  // seconds the receiver asked to wait (Retry-After), -1: none
};

// POSTs `body` to `url` (http(s)://host[:port]/path) with `headers`; a read slower than `read_timeout_seconds` is no
// answer. `now` (unix seconds) reads an HTTP-date Retry-After.
PostAnswer post_json(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                     const std::string& body, int read_timeout_seconds, std::int64_t now);

// Whether an answer with this status may be tried again later (408, 425, 429, 5xx).
bool retryable_status(int status);

// A printable copy of an error or answer, at most `limit` bytes, for a column a person reads.
std::string bounded_text(std::string s, std::size_t limit = 300);

}  // namespace hq
