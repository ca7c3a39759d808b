#pragma once
// CSV files as the bureau's spreadsheets save them: UTF-8 (with or without BOM) or GB18030/GBK, quoted fields.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/hq/hq_words.h"

namespace hq {

// Raised when a file cannot be read as text at all (neither UTF-8 nor GB18030).
struct CsvError : SaidError {
  using SaidError::SaidError;
};

// One CSV record and the line of the file it starts on (1-based).
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// The text as UTF-8: a BOM is dropped; bytes that are not UTF-8 are read as GB18030 (which covers GBK).
std::string to_utf8(const std::string& bytes);
// Parses RFC 4180 CSV (commas, "quoted" fields with "" and line breaks, CRLF or LF); blank lines are skipped.
std::vector<CsvRow> parse_csv(const std::string& utf8_text);
// Trims ASCII white space and the ideographic space U+3000 at both ends.
std::string trim(const std::string& s);
// One CSV field, quoted when needed.
std::string csv_field(const std::string& s);
// The parts with `sep` between them ("a, b, c").
std::string joined(const std::vector<std::string>& parts, const char* sep);
// How many characters (code points) a UTF-8 text holds.
std::size_t code_points(const std::string& s);

}  // namespace hq
