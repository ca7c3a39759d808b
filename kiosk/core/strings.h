#pragma once
// The UI's words in one language, loaded from assets/i18n/<lang>.json by the table hqd's exports use too.
#include "sync/protocol/string_table.h"

namespace core {

using Strings = protocol::StringTable;
using protocol::date_in_words;
using protocol::month_in_words;

}  // namespace core
