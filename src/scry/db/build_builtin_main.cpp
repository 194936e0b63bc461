// Build-time tool: makes the database built into the scry executable from OSV folders.
// Usage: scry_build_builtin_db OUTPUT.db INPUT... (any layout `scry db import` reads)
#include <cstdio>
#include <filesystem>

#include "scry/db/import.hpp"
#include "scry/db/writer.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s OUTPUT.db OSV_DIR...\n", argv[0]);
    return 2;
  }
  std::filesystem::path output = argv[1];
  std::error_code error;
  std::filesystem::remove(output, error);
  auto writer = scry::db::DatabaseWriter::Begin(output);
  if (!writer) {
    std::fprintf(stderr, "%s\n", writer.error().ToString().c_str());
    return 1;
  }
  for (int i = 2; i < argc; ++i) {
    auto stats = scry::db::Import(**writer, argv[i], argv[i]);
    if (!stats) {
      std::fprintf(stderr, "%s: %s\n", argv[i], stats.error().ToString().c_str());
      return 1;
    }
    scry::db::SourceInfo source;
    // ".../vulndata/go/osv" is named "go", ".../vulndata/alpine-secdb" "alpine-secdb".
    std::filesystem::path input = std::filesystem::path(argv[i]).lexically_normal();
    if (input.filename().empty()) input = input.parent_path();
    source.name = input.filename() == "osv" ? input.parent_path().filename().string()
                                            : input.filename().string();
    source.kind = stats->format == "osv" ? "built-in" : "built-in " + stats->format;
    source.url = argv[i];
    source.records = static_cast<int64_t>(stats->records);
    source.updated_at = scry::db::NowRfc3339();
    if (auto put = (*writer)->PutSource(source); !put) {
      std::fprintf(stderr, "%s\n", put.error().ToString().c_str());
      return 1;
    }
    std::printf("%s: %zu records (%zu malformed)\n", argv[i], stats->records, stats->malformed);
  }
  if (auto committed = (*writer)->Commit(); !committed) {
    std::fprintf(stderr, "%s\n", committed.error().ToString().c_str());
    return 1;
  }
  return 0;
}
