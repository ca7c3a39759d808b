#pragma once
// The console's pages as files: /console/… from the assets' console/ folder, /console/i18n/… from the same
// i18n/ words the kiosk reads; GET / leads to /console/. Nothing outside those folders is ever served.
#include <optional>
#include <string>

namespace httplib {
class Server;
}

namespace hq {

// The file a path under /console/ names ("" is index.html) inside `assets_dir`, or nullopt for anything that is
// not a plain relative path of known type within console/ (or i18n/*.json) once links are followed.
std::optional<std::string> console_file(const std::string& assets_dir, const std::string& path);
// The Content-Type of a file the console serves, by its extension.
std::string console_mime_type(const std::string& file);

// Adds GET / (redirect), /console (redirect) and /console/…, read from `assets_dir`.
void add_console_assets(httplib::Server& server, const std::string& assets_dir);

}  // namespace hq
