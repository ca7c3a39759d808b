#pragma once
// The platform's 差评 reason codes as the bureau uploads them in the console (schema 24, table `forward_codes`):
// our reason id → the evalDetail code the provincial platform gave. They win over the config file's reason_codes,
// so a clerk changes a code without a terminal; a held rating is mapped again as soon as its code is given.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "sync/common/sqlite_db.h"
#include "sync/hq/importers.h"

namespace hq {

// The uploaded codes (reason id → code).
std::map<std::string, std::string> uploaded_reason_codes(sync_db::Db& db);
// The config file's codes with the uploaded ones over them.
std::map<std::string, std::string> reason_codes_in_force(sync_db::Db& db, std::map<std::string, std::string> config);

// The reason code table (CSV or .xlsx: 原因 [its wording], 代码, optional 编号 [our id, read first]): each listed
// reason gets its code, an empty 代码 takes it away; a reason HQ does not know, a code that is not 1–32 of
// 0-9 A-Z a-z _ . - or a reason listed twice refuses the whole file. Held forwards are looked at again at once.
ImportResult import_reason_codes(HqStore& store, const std::string& file_bytes);

// What the console's code table shows: every reason HQ knows (the current list's first) with its code and where
// the code comes from ("uploaded", "config" or none), and each department's 统一社会信用代码.
nlohmann::json forward_codes_view(HqStore& store, const std::map<std::string, std::string>& config_codes,
                                  const std::map<std::string, std::string>& config_department_codes,
                                  const std::string& assets_dir);
// The same reasons as a table to fill in and upload again (编号, 原因, 代码), as CSV bytes.
std::string reason_code_template(HqStore& store, const std::map<std::string, std::string>& config_codes,
                                 const std::string& assets_dir);

}  // namespace hq
