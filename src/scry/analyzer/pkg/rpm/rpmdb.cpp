#include "scry/analyzer/pkg/rpm/rpmdb.hpp"

#include <cstring>

namespace scry::analyzer::pkg::rpm {

std::string_view RpmDbFormatName(RpmDbFormat format) {
  switch (format) {
    case RpmDbFormat::kSqlite:
      return "sqlite";
    case RpmDbFormat::kBerkeleyDb:
      return "bdb";
    case RpmDbFormat::kNdb:
      return "ndb";
  }
  return "unknown";
}

std::optional<RpmDbFormat> SniffRpmDbFormat(Bytes file) {
  if (file.size() >= 16 && std::memcmp(file.data(), "SQLite format 3", 16) == 0) {
    return RpmDbFormat::kSqlite;
  }
  if (file.size() >= 4 && std::memcmp(file.data(), "RpmP", 4) == 0) return RpmDbFormat::kNdb;
  if (file.size() >= 16) {
    static constexpr uint8_t kHashLe[4] = {0x61, 0x15, 0x06, 0x00};
    static constexpr uint8_t kHashBe[4] = {0x00, 0x06, 0x15, 0x61};
    if (std::memcmp(file.data() + 12, kHashLe, 4) == 0 ||
        std::memcmp(file.data() + 12, kHashBe, 4) == 0) {
      return RpmDbFormat::kBerkeleyDb;
    }
  }
  return std::nullopt;
}

Result<std::vector<RpmDbBlob>> ReadRpmDbPackages(Bytes file) {
  auto format = SniffRpmDbFormat(file);
  if (!format) {
    return Fail(ErrorCode::kUnsupported,
                "not an rpm database (neither SQLite, Berkeley DB hash nor NDB)");
  }
  switch (*format) {
    case RpmDbFormat::kSqlite:
      return ReadSqlitePackages(file);
    case RpmDbFormat::kBerkeleyDb:
      return ReadBerkeleyDbPackages(file);
    case RpmDbFormat::kNdb:
      return ReadNdbPackages(file);
  }
  return Fail(ErrorCode::kInternal, "unknown rpm database format");
}

}  // namespace scry::analyzer::pkg::rpm
