#include "scry/db/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "scry/db/alpine_secdb.hpp"
#include "scry/db/debian_tracker.hpp"

namespace scry::db {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMalformedExamples = 10;
constexpr uint64_t kMaxInputFileSize = 256u << 20;

Result<std::string> ReadFile(const fs::path& path, uint64_t limit = kMaxInputFileSize) {
  std::error_code error;
  auto size = fs::file_size(path, error);
  if (error) return Fail(ErrorCode::kIo, "cannot read {}: {}", path.string(), error.message());
  if (size > limit) {
    return Fail(ErrorCode::kLimitExceeded, "{} is larger than {} bytes", path.string(), limit);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot open {}", path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string Head(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return head;
}

bool IsSecdbCandidate(const fs::path& path) {
  auto extension = path.extension();
  return extension == ".yaml" || extension == ".yml" || extension == ".json";
}

// Regular files below `folder` (sorted) that `keep` accepts.
template <typename Keep>
std::vector<fs::path> FilesBelow(const fs::path& folder, Keep keep) {
  std::vector<fs::path> files;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(folder, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && keep(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void NoteMalformed(ImportStats& stats, size_t count, const std::vector<std::string>& examples,
                   const std::string& where) {
  stats.malformed += count;
  for (const std::string& example : examples) {
    if (stats.malformed_examples.size() >= kMalformedExamples) break;
    stats.malformed_examples.push_back(fmt::format("{}: {}", where, example));
  }
}

Status AddRecords(DatabaseWriter& writer, std::vector<osv::Record>& records,
                  std::string_view source, ImportStats& stats) {
  for (const osv::Record& record : records) {
    ++stats.records;
    SCRY_TRY(auto outcome, writer.Add(record, source));
    stats.Count(outcome);
  }
  return Ok();
}

Result<ImportStats> ImportSecdb(DatabaseWriter& writer, const fs::path& input,
                                std::string_view source) {
  ImportStats stats;
  stats.format = "alpine-secdb";
  std::vector<fs::path> files =
      fs::is_directory(input) ? FilesBelow(input, IsSecdbCandidate) : std::vector<fs::path>{input};
  std::vector<AlpineSecdb> parsed;
  for (const fs::path& file : files) {
    ++stats.files;
    auto content = ReadFile(file);
    if (!content) {
      NoteMalformed(stats, 1, {content.error().ToString()}, file.string());
      continue;
    }
    auto secdb = ParseAlpineSecdb(*content);
    if (!secdb) {
      NoteMalformed(stats, 1, {secdb.error().ToString()}, file.string());
      continue;
    }
    NoteMalformed(stats, secdb->malformed, secdb->malformed_examples, file.string());
    for (const AlpineSecfix& fix : secdb->fixes) stats.not_affected += fix.fixed == "0";
    parsed.push_back(std::move(*secdb));
  }
  auto records = AlpineSecdbRecords(parsed);
  SCRY_CHECK(AddRecords(writer, records, source, stats));
  return stats;
}

Result<ImportStats> ImportTracker(DatabaseWriter& writer, const fs::path& input,
                                  std::string_view source) {
  ImportStats stats;
  stats.format = "debian-tracker";
  std::vector<fs::path> lists;
  if (fs::is_directory(input)) {
    // DTSA/list (testing advisories, 2005-2011) uses another header form and is left out.
    for (const char* kind : {"DSA", "DLA"}) {
      std::error_code error;
      if (fs::is_regular_file(input / kind / "list", error)) lists.push_back(input / kind / "list");
      if (fs::is_regular_file(input / "data" / kind / "list", error)) {
        lists.push_back(input / "data" / kind / "list");
      }
    }
    if (lists.empty() && fs::is_regular_file(input / "list")) lists.push_back(input / "list");
  } else {
    lists.push_back(input);
  }
  for (const fs::path& file : lists) {
    ++stats.files;
    SCRY_TRY(std::string content, ReadFile(file));
    auto list = ParseDebianTrackerList(content);
    if (!list) {
      NoteMalformed(stats, 1, {list.error().ToString()}, file.string());
      continue;
    }
    NoteMalformed(stats, list->malformed, list->malformed_examples, file.string());
    stats.not_affected += list->not_affected;
    SCRY_CHECK(AddRecords(writer, list->records, source, stats));
  }
  return stats;
}

}  // namespace

std::string_view ImportFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kOsv:
      return "osv";
    case ImportFormat::kAlpineSecdb:
      return "alpine-secdb";
    case ImportFormat::kDebianTracker:
      return "debian-tracker";
  }
  return "osv";
}

ImportFormat DetectImportFormat(const fs::path& input) {
  std::error_code error;
  if (fs::is_directory(input, error)) {
    for (const char* kind : {"DSA", "DLA"}) {
      if (fs::is_regular_file(input / kind / "list", error) ||
          fs::is_regular_file(input / "data" / kind / "list", error)) {
        return ImportFormat::kDebianTracker;
      }
    }
    if (fs::is_regular_file(input / "list", error)) return ImportFormat::kDebianTracker;
    // The first candidate file decides, so that an OSV folder costs one small read.
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(input, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file() && IsSecdbCandidate(it->path())) {
        files.push_back(it->path());
        if (files.size() >= 64) break;
      }
    }
    std::sort(files.begin(), files.end());
    if (!files.empty() && Head(files.front()).find("distroversion") != std::string::npos) {
      return ImportFormat::kAlpineSecdb;
    }
    return ImportFormat::kOsv;
  }
  if (input.filename() == "list") return ImportFormat::kDebianTracker;
  if (IsSecdbCandidate(input) && Head(input).find("distroversion") != std::string::npos) {
    return ImportFormat::kAlpineSecdb;
  }
  return ImportFormat::kOsv;
}

Result<ImportStats> Import(DatabaseWriter& writer, const fs::path& input, std::string_view source) {
  std::error_code error;
  if (!fs::exists(input, error))
    return Fail(ErrorCode::kNotFound, "{} does not exist", input.string());
  switch (DetectImportFormat(input)) {
    case ImportFormat::kAlpineSecdb:
      return ImportSecdb(writer, input, source);
    case ImportFormat::kDebianTracker:
      return ImportTracker(writer, input, source);
    case ImportFormat::kOsv:
      break;
  }
  return ImportOsv(writer, input, source);
}

}  // namespace scry::db
