#pragma once
// Where the shipped assets are: beside an installed binary (PREFIX/share/PACKAGE/assets, as the Debian
// packages lay them out), else the source tree the binary was built from.
#include <string>

namespace common {

// `package` is the folder under share/ (hall-kiosk, hall-hqd); `built_in` the source tree's assets folder.
std::string installed_assets(const std::string& package, const std::string& built_in);

}  // namespace common
