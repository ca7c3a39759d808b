#include "sync/hq/file_names.h"

namespace hq {

std::string file_name_part(const std::string& name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const bool bad = c < 0x20 || c == 0x7F || c == '/' || c == '\\' || (c == '.' && out.find_first_not_of('_') == std::string::npos);
    out += bad ? '_' : name[i];
  }
  constexpr std::size_t kMaxBytes = 120;
  if (out.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    out.resize(cut);
  }
  return out.empty() ? "_" : out;
}

std::string path_with_name(const std::string& path, const std::string& name) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  return (has_ext ? path.substr(0, dot) : path) + "-" + file_name_part(name) + (has_ext ? path.substr(dot) : "");
}

}  // namespace hq
