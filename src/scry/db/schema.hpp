// The SQL that creates a database of kSchemaVersion (documented in docs/db-schema.md).
#pragma once

#include <string_view>

namespace scry::db {

std::string_view SchemaSql();

}  // namespace scry::db
