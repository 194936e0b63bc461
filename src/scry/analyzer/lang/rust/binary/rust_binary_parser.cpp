#include "scry/analyzer/lang/rust/binary/rust_binary_parser.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <unordered_map>

#include "scry/base/limits.hpp"
#include "scry/binary/executable.hpp"
#include "scry/formats/json.hpp"

namespace scry::analyzer::lang::rust {

Result<std::string> InflateZlib(Bytes compressed, uint64_t max_output) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return Fail(ErrorCode::kInternal, "zlib inflateInit failed");
  std::string out;
  std::vector<char> chunk(64u << 10);
  size_t consumed = 0;
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    // zlib counts in uInt; feed the input in pieces that fit.
    if (stream.avail_in == 0 && consumed < compressed.size()) {
      size_t piece = std::min<size_t>(compressed.size() - consumed, 1u << 30);
      stream.next_in = const_cast<Bytef*>(compressed.data() + consumed);
      stream.avail_in = static_cast<uInt>(piece);
      consumed += piece;
    }
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      bool truncated = status == Z_BUF_ERROR && stream.avail_in == 0;
      std::string reason =
          truncated ? "truncated" : (stream.msg != nullptr ? stream.msg : "corrupt data");
      inflateEnd(&stream);
      return Fail(ErrorCode::kInvalidInput, "zlib stream: {}", reason);
    }
    size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_output) {
      inflateEnd(&stream);
      return Fail(ErrorCode::kLimitExceeded, "zlib stream inflates to more than {} bytes",
                  max_output);
    }
    out.append(chunk.data(), produced);
  }
  inflateEnd(&stream);
  return out;
}

Result<ParsedRustBinary> ParseRustAuditJson(std::string_view json) {
  formats::json::Parser parser(64);
  SCRY_TRY(auto root, parser.Parse(json));
  SCRY_TRY(auto object, formats::json::RequiredObject(root, "dependency data"));
  auto packages = formats::json::OptionalArray(object, "packages");
  if (!packages) {
    return Fail(ErrorCode::kInvalidInput,
                "dependency data: \"packages\" is missing or not an array");
  }
  struct Entry {
    std::string name, version, source;
    bool runtime = true, root = false, valid = false;
    std::vector<uint64_t> dependencies;
  };
  ParsedRustBinary parsed;
  std::vector<Entry> entries;
  for (auto element : *packages) {
    Entry entry;
    size_t index = entries.size();
    formats::json::Object package;
    if (element.get(package)) {
      parsed.warnings.push_back(fmt::format("package {} is not an object", index));
      entries.push_back(std::move(entry));
      continue;
    }
    auto name = formats::json::OptionalString(package, "name");
    auto version = formats::json::OptionalString(package, "version");
    if (!name || name->empty() || !version) {
      parsed.warnings.push_back(
          fmt::format("package {}: \"name\" or \"version\" is missing or not a string", index));
      entries.push_back(std::move(entry));
      continue;
    }
    entry.valid = true;
    entry.name = std::string(*name);
    entry.version = std::string(*version);
    entry.source = std::string(formats::json::OptionalString(package, "source").value_or(""));
    entry.runtime = formats::json::OptionalString(package, "kind").value_or("runtime") != "build";
    entry.root = formats::json::OptionalBool(package, "root").value_or(false);
    if (auto dependencies = formats::json::OptionalArray(package, "dependencies")) {
      for (auto dependency : *dependencies) {
        uint64_t target = 0;
        if (dependency.get(target) || target >= packages->size()) {
          parsed.warnings.push_back(
              fmt::format("package {} ({}): a dependency is not an index of the package list",
                          index, entry.name));
          continue;
        }
        entry.dependencies.push_back(target);
      }
    }
    entries.push_back(std::move(entry));
  }

  std::vector<std::string> ids(entries.size());
  std::unordered_map<std::string, size_t> by_id;
  model::Application& application = parsed.application;
  application.type = "rustbinary";
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& entry = entries[i];
    if (!entry.valid || !entry.runtime) continue;
    model::Package package;
    package.name = entry.name;
    package.version = entry.version;
    model::SetIdentity(package, "cargo");
    ids[i] = package.id;
    if (by_id.contains(package.id)) continue;
    if (!entry.source.empty()) package.evidence["Source"] = entry.source;
    package.relationship = entry.root ? model::Relationship::kRoot : model::Relationship::kIndirect;
    by_id.emplace(package.id, application.packages.size());
    application.packages.push_back(std::move(package));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (ids[i].empty()) continue;
    model::Package& package = application.packages[by_id.at(ids[i])];
    for (uint64_t target : entries[i].dependencies) {
      if (ids[target].empty()) continue;  // build-kind or invalid
      package.depends_on.push_back(ids[target]);
      model::Package& dependency = application.packages[by_id.at(ids[target])];
      if (entries[i].root && dependency.relationship == model::Relationship::kIndirect) {
        dependency.relationship = model::Relationship::kDirect;
      }
    }
    std::sort(package.depends_on.begin(), package.depends_on.end());
    package.depends_on.erase(std::unique(package.depends_on.begin(), package.depends_on.end()),
                             package.depends_on.end());
  }
  return parsed;
}

Result<std::optional<ParsedRustBinary>> ParseRustBinary(Bytes file) {
  auto executables = binary::ParseExecutable(file);
  if (!executables) return std::nullopt;
  for (const binary::Executable& executable : *executables) {
    const binary::Section* section = executable.FindSection(".dep-v0");
    if (section == nullptr) section = executable.FindSection("__dep_v0");
    if (section == nullptr) continue;
    auto data = SliceAt(executable.bytes(), section->file_offset, section->file_size);
    if (!data) {
      return Fail(ErrorCode::kInvalidInput, "section {} lies outside the file", section->name);
    }
    auto json = InflateZlib(*data, limits::kMaxRustAuditDataSize);
    if (!json) return tl::unexpected(std::move(json).error().Wrap("read section " + section->name));
    auto parsed = ParseRustAuditJson(*json);
    if (!parsed) {
      return tl::unexpected(std::move(parsed).error().Wrap("read section " + section->name));
    }
    return std::optional<ParsedRustBinary>(std::move(*parsed));
  }
  return std::nullopt;
}

}  // namespace scry::analyzer::lang::rust
