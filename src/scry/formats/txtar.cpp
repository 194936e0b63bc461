#include "scry/formats/txtar.hpp"

#include <optional>

namespace scry::formats {
namespace {

constexpr std::string_view kMarkerStart = "-- ";
constexpr std::string_view kMarkerEnd = " --";

// The file name when `line` (without its newline) is a file marker.
std::optional<std::string_view> MarkerName(std::string_view line) {
  if (line.size() < kMarkerStart.size() + kMarkerEnd.size() + 1) return std::nullopt;
  if (!line.starts_with(kMarkerStart) || !line.ends_with(kMarkerEnd)) return std::nullopt;
  std::string_view name =
      line.substr(kMarkerStart.size(), line.size() - kMarkerStart.size() - kMarkerEnd.size());
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty()) return std::nullopt;
  return name;
}

}  // namespace

const std::string* Txtar::Find(std::string_view name) const {
  for (const TxtarFile& file : files) {
    if (file.name == name) return &file.content;
  }
  return nullptr;
}

Txtar ParseTxtar(std::string_view text) {
  Txtar archive;
  std::string* current = &archive.comment;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = newline == std::string_view::npos ? text : text.substr(0, newline);
    std::string_view with_newline =
        newline == std::string_view::npos ? text : text.substr(0, newline + 1);
    text.remove_prefix(with_newline.size());
    if (auto name = MarkerName(line)) {
      archive.files.push_back({std::string(*name), {}});
      current = &archive.files.back().content;
      continue;
    }
    current->append(with_newline);
  }
  return archive;
}

std::string FormatTxtar(const Txtar& archive) {
  std::string out = archive.comment;
  if (!out.empty() && out.back() != '\n') out += '\n';
  for (const TxtarFile& file : archive.files) {
    out += "-- " + file.name + " --\n";
    out += file.content;
    if (!file.content.empty() && file.content.back() != '\n') out += '\n';
  }
  return out;
}

}  // namespace scry::formats
