#pragma once
// An answer body taken as it arrives and inflated within limits (gzip or zlib "deflate"; identity as it is): at most
// a cap of bytes in all, and at most protocol::kMaxInflateRatio times the bytes received so far, so a bomb stops at
// the first piece that breaks a limit, never in memory.
#include <cstddef>
#include <memory>
#include <string>

namespace sync_client {

// One answer's body, appended to `out`; not reusable.
class BoundedInflater {
 public:
  // `encoding` is the answer's Content-Encoding; anything but "", identity, gzip, x-gzip or deflate is refused.
  BoundedInflater(const std::string& encoding, std::size_t max_bytes, std::string& out);
  ~BoundedInflater();
  BoundedInflater(const BoundedInflater&) = delete;
  BoundedInflater& operator=(const BoundedInflater&) = delete;
  // The next bytes as received; false (and error()) when the body breaks a limit or cannot be inflated.
  bool feed(const char* data, std::size_t n);
  // After the last byte: false when a compressed body stopped before its end.
  bool finish();
  const std::string& error() const { return error_; }

 private:
  struct Zlib;
  std::unique_ptr<Zlib> z_;  // null for identity
  std::size_t max_bytes_;
  std::string& out_;
  std::size_t received_ = 0;
  bool ended_ = false;  // the compressed stream reached its end
  std::string error_;
};

}  // namespace sync_client
