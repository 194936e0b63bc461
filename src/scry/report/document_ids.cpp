#include "scry/report/document_ids.hpp"

#include <array>
#include <ctime>
#include <sstream>

#include "scry/base/sha256.hpp"
#include "scry/report/json/json_writer.hpp"

namespace scry::report {
namespace {

Bytes AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::string NameUuid(std::string_view space, std::string_view name) {
  std::string input;
  input.reserve(space.size() + name.size() + 1);
  input.append(space).append("\n").append(name);
  std::string hex = Sha256Hex(AsBytes(input));
  // Version nibble (byte 6 high) = 5; variant (byte 8 top two bits) = 10.
  hex[12] = '5';
  static constexpr std::string_view kVariant = "89ab";
  int digit = hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0';
  hex[16] = kVariant[digit & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string ReportDigest(const model::Report& report) {
  WriterOptions options;
  options.list_all_packages = true;
  std::ostringstream json;
  // Writing to a string stream cannot fail.
  (void)JsonWriter(options).Write(report, json);
  return Sha256Hex(AsBytes(json.str()));
}

std::string DocumentTime(const model::Report& report, const WriterOptions& options) {
  if (report.created_at && report.created_at->size() >= 19) {
    return report.created_at->substr(0, 19) + "Z";
  }
  std::time_t time = options.source_date_epoch.value_or(0);
  std::tm utc{};
  gmtime_r(&time, &utc);
  std::array<char, 32> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer.data();
}

std::string PackageKey(const model::ScanResult& result, const model::Package& package) {
  if (!package.purl.empty()) return package.purl;
  return result.target + ":" + package.id;
}

std::vector<std::pair<std::string, std::string>> GoBinaryFacts(const model::ScanResult& result) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (!result.go_binary) return facts;
  const model::GoBinaryDetails& binary = *result.go_binary;
  auto add = [&](std::string name, std::string value) {
    if (!value.empty()) facts.emplace_back(std::move(name), std::move(value));
  };
  add("GoVersion", binary.go_version);
  add("GoPath", binary.main_package_path);
  add("GoBuildInfo", std::string(model::BuildInfoStatusName(binary.build_info)));
  add("BinaryFormat", binary.format);
  std::string architectures;
  for (const std::string& arch : binary.architectures) {
    if (!architectures.empty()) architectures += ',';
    architectures += arch;
  }
  add("Architectures", architectures);
  for (const auto& [name, value] : binary.build_settings) {
    if (name == "GOOS" || name == "GOARCH") add(name, value);
  }
  return facts;
}

}  // namespace scry::report
