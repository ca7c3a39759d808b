#include "sync/client/bounded_inflate.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "sync/protocol/records.h"

namespace sync_client {

struct BoundedInflater::Zlib {
  z_stream s{};
  bool open = false;
  ~Zlib() {
    if (open) inflateEnd(&s);
  }
};

BoundedInflater::BoundedInflater(const std::string& encoding, std::size_t max_bytes, std::string& out)
    : max_bytes_(max_bytes), out_(out) {
  std::string e = encoding;
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (e.empty() || e == "identity") return;
  if (e != "gzip" && e != "x-gzip" && e != "deflate") {
    error_ = "HQ's answer has a Content-Encoding the kiosk does not take (" + encoding.substr(0, 40) + ")";
    return;
  }
  z_ = std::make_unique<Zlib>();
  // 32 + 15: a gzip or a zlib header, whichever comes.
  if (inflateInit2(&z_->s, 32 + 15) != Z_OK) {
    error_ = "zlib could not start";
    return;
  }
  z_->open = true;
}

BoundedInflater::~BoundedInflater() = default;

bool BoundedInflater::feed(const char* data, std::size_t n) {
  if (!error_.empty()) return false;
  received_ += n;
  const std::size_t allowed =
      std::min(max_bytes_, std::max(protocol::kInflateFloorBytes, received_ * protocol::kMaxInflateRatio));
  auto too_large = [&](std::size_t total) {
    error_ = total > max_bytes_
                 ? "HQ's answer is larger than " + std::to_string(max_bytes_) + " bytes (inflated)"
                 : "HQ's answer inflates more than " + std::to_string(protocol::kMaxInflateRatio) + " to 1";
    return false;
  };
  if (!z_) {
    if (out_.size() + n > max_bytes_) return too_large(out_.size() + n);
    out_.append(data, n);
    return true;
  }
  z_->s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  z_->s.avail_in = static_cast<uInt>(n);
  char buf[16384];
  for (;;) {
    if (ended_) {
      if (z_->s.avail_in == 0) break;
      if (inflateReset(&z_->s) != Z_OK) {  // another gzip member follows the first: read it too
        error_ = "HQ's answer cannot be inflated";
        return false;
      }
      ended_ = false;
    }
    z_->s.next_out = reinterpret_cast<Bytef*>(buf);
    z_->s.avail_out = sizeof buf;
    const int rc = inflate(&z_->s, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      error_ = "HQ's answer cannot be inflated (zlib error " + std::to_string(rc) + ")";
      return false;
    }
    const std::size_t got = sizeof buf - z_->s.avail_out;
    if (out_.size() + got > allowed) return too_large(out_.size() + got);
    out_.append(buf, got);
    if (rc == Z_STREAM_END) {
      ended_ = true;
      continue;
    }
    // All input taken and all output out (the buffer was not filled), or nothing more can move without input.
    if ((z_->s.avail_in == 0 && z_->s.avail_out != 0) || rc == Z_BUF_ERROR) break;
  }
  return true;
}

bool BoundedInflater::finish() {
  if (!error_.empty()) return false;
  if (z_ && received_ > 0 && !ended_) {
    error_ = "HQ's answer ended before its compressed stream did";
    return false;
  }
  return true;
}

}  // namespace sync_client
