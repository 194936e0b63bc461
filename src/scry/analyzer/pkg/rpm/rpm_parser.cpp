#include "scry/analyzer/pkg/rpm/rpm_parser.hpp"

#include <fmt/format.h>

namespace scry::analyzer::pkg::rpm {

model::Package ToPackage(const RpmPackageInfo& info) {
  model::Package package;
  package.name = info.name;
  package.version = info.version;
  package.release = info.release;
  package.epoch = static_cast<int>(info.epoch.value_or(0) & 0x7fffffff);
  package.arch = info.arch.empty() ? "None" : info.arch;
  package.id = fmt::format("{}@{}-{}.{}", info.name, info.version, info.release, info.arch);
  if (!info.source_rpm.empty() && info.source_rpm != "(none)") {
    if (auto source = SplitSourceRpm(info.source_rpm)) {
      package.src_name = std::move(source->name);
      package.src_version = std::move(source->version);
      package.src_release = std::move(source->release);
      package.src_epoch = package.epoch;
    } else {
      package.evidence["SourceRpm"] = info.source_rpm;  // kept, since it could not be split
    }
  }
  if (!info.license.empty()) package.licenses.push_back(info.license);
  package.maintainer = info.vendor;
  if (!info.sig_md5.empty()) package.evidence["Digest"] = "md5:" + info.sig_md5;
  if (!info.modularity_label.empty()) package.evidence["Modularitylabel"] = info.modularity_label;
  return package;
}

Result<ParsedRpmDatabase> ParseRpmDatabase(Bytes file) {
  ParsedRpmDatabase parsed;
  auto format = SniffRpmDbFormat(file);
  if (format) parsed.format = *format;
  SCRY_TRY(auto blobs, ReadRpmDbPackages(file));
  for (const RpmDbBlob& blob : blobs) {
    auto info = ParseRpmPackage(blob.header);
    if (!info)
      return tl::unexpected(std::move(info.error()).Wrap(fmt::format("package {}", blob.index)));
    if (info->name == "gpg-pubkey") continue;
    model::Package package = ToPackage(*info);
    if (!info->files.empty()) {
      InstalledFiles files;
      files.package = package.name;
      files.paths.reserve(info->files.size());
      for (const std::string& path : info->files) {
        std::string_view relative = path;
        while (relative.starts_with('/')) relative.remove_prefix(1);
        if (!relative.empty()) files.paths.emplace_back(relative);
      }
      parsed.installed_files.push_back(std::move(files));
    }
    parsed.packages.push_back(std::move(package));
  }
  return parsed;
}

}  // namespace scry::analyzer::pkg::rpm
