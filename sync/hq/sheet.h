#pragma once
// One printed table of an export, as the CSV and XLSX writers lay it out.
#include <cstddef>
#include <string>
#include <vector>

namespace hq {

// One printed table: title, lines under it, headers (some grouped under a spanning header), rows.
struct Sheet {
  // A header spanning columns first..last, with the columns' own headers on a second row.
  struct Group {
    std::size_t first = 0, last = 0;
    std::string label;
  };
  std::string name;  // worksheet name
  std::string title;
  std::vector<std::string> meta;
  std::vector<std::string> headers;
  std::vector<Group> groups;
  std::vector<double> widths;
  std::vector<bool> numeric;  // columns written as numbers in XLSX
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> footer = {"填报人：", "联系方式："};  // lines under the table, as the notice's forms end
};

}  // namespace hq
