#include "sync/hq/csv_writer.h"

#include <fstream>

#include "sync/hq/admin_error.h"
#include "sync/hq/csv_text.h"

namespace hq {

std::string csv_bytes(const std::vector<Sheet>& sheets) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";
  };
  for (std::size_t k = 0; k < sheets.size(); ++k) {
    const Sheet& sh = sheets[k];
    if (k) out += "\r\n";
    line({sh.title});
    for (const auto& m : sh.meta) line({m});
    if (sh.groups.empty()) {
      line(sh.headers);
    } else {
      std::vector<std::string> top = sh.headers, second(sh.headers.size());
      for (const auto& g : sh.groups)
        for (std::size_t c = g.first; c <= g.last; ++c) {
          top[c] = c == g.first ? g.label : "";
          second[c] = sh.headers[c];
        }
      line(top);
      line(second);
    }
    for (const auto& r : sh.rows) line(r);
    if (!sh.footer.empty()) out += "\r\n";
    for (const auto& f : sh.footer) line({f});
  }
  return out;
}

void write_csv(const std::vector<Sheet>& sheets, const std::string& path) {
  const std::string out = csv_bytes(sheets);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << out;
  f.close();
  if (!f) throw AdminError("cannot write " + path);
}


}  // namespace hq
