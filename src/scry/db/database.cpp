#include "scry/db/database.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace scry::db {

std::filesystem::path DefaultDatabasePath(const std::filesystem::path& cache_directory) {
  return cache_directory / "db" / "scry.db";
}

std::string NowRfc3339() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace scry::db
