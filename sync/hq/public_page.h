#pragma once
// What every citizen's page of hqd (/public/…) shares: HTML escaping, the page frame (its header with the language
// link, a phone's viewport and the house style) and the response headers that keep it inert (no script, no sniffing).
#include <string>

#include "sync/protocol/string_table.h"

namespace httplib {
struct Response;
}

namespace hq {

std::string html_escaped(const std::string& s);

// The page titled by `title_key` in `w`'s language around `body`; the header's link to the other language goes to
// `other_language` (a query such as "?lang=en&department=d08"); `extra_css` adds the page's own rules.
std::string public_page(const protocol::StringTable& w, const char* title_key, const std::string& body,
                        const std::string& other_language, const std::string& extra_css = {});

// No caching, no sniffing, no scripts or other origins' content, no referrer; `framable` lets any site frame it (a
// department's website embedding the schedule), else the browser's default applies.
void public_headers(httplib::Response& res, bool framable);

}  // namespace hq
