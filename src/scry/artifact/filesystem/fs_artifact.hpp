// File system targets: `scry fs PATH` (a folder or one file: lockfiles and binaries) and
// `scry rootfs DIR` (an unpacked root file system).
#pragma once

#include <filesystem>
#include <string>

#include "scry/base/error.hpp"
#include "scry/model/report.hpp"
#include "scry/walker/dir_walker.hpp"

namespace scry::artifact {

enum class FilesystemKind { kFilesystem, kRootfs };

struct FilesystemArtifact {
  std::string name;  // as the user gave it: the report's ArtifactName
  model::ArtifactType type = model::ArtifactType::kFilesystem;
  FilesystemKind kind = FilesystemKind::kFilesystem;  // which analyzers run (AnalyzerScope)
  std::filesystem::path root;
  walker::WalkOptions walk;
};

// Checks that `target` exists and is a directory (rootfs) or a directory or a regular file (fs).
// kNotFound or kInvalidInput with a message that says what was expected.
Result<FilesystemArtifact> InspectFilesystem(const std::string& target, FilesystemKind kind);

}  // namespace scry::artifact
