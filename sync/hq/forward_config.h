#pragma once
// The provincial 好差评 forwarding as the bureau configures it (`hqd serve --forward-config FILE`, a JSON file; off
// when not given): where to send, which mapping of assets/forwarding/, the hall's 行政区划, settings over the
// mapping's (pf channel, dataSource, …) and the code tables the bureau uploads (reasons, departments, items).
#include <map>
#include <string>

#include "sync/hq/forward_mapping.h"

namespace hq {

// One configuration of the forwarding.
struct ForwardConfig {
  std::string url;          // http(s)://host[:port]/path the batches are POSTed to
  std::string results_url;  // where 整改 and 回访 results go (the mapping's "results"); `url` when not given
  ForwardMapping mapping;
  std::string area_code, area_name;             // 行政区划 of the hall
  std::map<std::string, std::string> settings;  // over the mapping's settings
  std::map<std::string, std::string> reason_codes;      // our reason id → the platform's evalDetail code
  std::map<std::string, std::string> department_codes;  // department id → 统一社会信用代码, over the reference data's
  std::map<std::string, std::string> item_codes;        // item id → 事项统一编码, over the reference data's
  std::map<std::string, std::string> headers;           // sent with every request (an app key); never logged
  int timeout_seconds = 10;                             // a slower answer is no answer
  int batch_size = 0;                                   // 0: the mapping's (at most the mapping's)
};

// Reads a configuration's text. Its "mapping" is a name under `assets_dir`/forwarding/ ("provincial", "gbt39046") or
// a path (relative to `base_dir`). Throws std::runtime_error naming the field that is wrong.
ForwardConfig parse_forward_config(const std::string& json_text, const std::string& base_dir,
                                   const std::string& assets_dir);
// The same from a file.
ForwardConfig load_forward_config(const std::string& path, const std::string& assets_dir);

}  // namespace hq
