#pragma once
// The one place hqd builds file names from names people gave (departments, …): nothing in a name can lead a
// file out of the folder it was meant for.
#include <string>

namespace hq {

// `name` made safe as part of a file name: path separators, control characters and leading dots become '_',
// at most 120 bytes (cut on a character boundary); never empty ("_").
std::string file_name_part(const std::string& name);
// `path` with "-" + file_name_part(name) before its extension: 附件3.xlsx + 区行政审批局 → 附件3-区行政审批局.xlsx.
std::string path_with_name(const std::string& path, const std::string& name);

}  // namespace hq
