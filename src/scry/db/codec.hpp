// How records are stored in the database's JSON columns: an affected entry as an OSV "affected"
// object (so osv::ParseAffected reads it back), and a record's details without its affected list.
#pragma once

#include <string>
#include <string_view>

#include "scry/base/error.hpp"
#include "scry/formats/json.hpp"
#include "scry/osv/record.hpp"

namespace scry::db {

std::string EncodeAffected(const osv::Affected& affected);
// The details column: aliases, related, severity, references, CWE IDs, database severity and
// source URL.
std::string EncodeDetails(const osv::Record& record);
// Fills those fields of `record` from the details column. kInvalidInput for malformed data.
Status DecodeDetails(std::string_view json, osv::Record& record);
// The same with a caller's parser, reused across records.
Status DecodeDetails(std::string_view json, osv::Record& record, formats::json::Parser& parser);

}  // namespace scry::db
