#include "scry/artifact/filesystem/fs_artifact.hpp"

#include <system_error>

namespace scry::artifact {

Result<FilesystemArtifact> InspectFilesystem(const std::string& target, FilesystemKind kind) {
  std::error_code error;
  auto status = std::filesystem::status(target, error);
  if (error || !std::filesystem::exists(status)) {
    return Fail(ErrorCode::kNotFound, "{} does not exist", target);
  }
  bool is_directory = std::filesystem::is_directory(status);
  if (kind == FilesystemKind::kRootfs && !is_directory) {
    return Fail(ErrorCode::kInvalidInput,
                "{} is not a directory: rootfs scans an unpacked root file system; use `scry fs` "
                "for a single file",
                target);
  }
  if (!is_directory && !std::filesystem::is_regular_file(status)) {
    return Fail(ErrorCode::kInvalidInput, "{} is neither a directory nor a regular file", target);
  }
  FilesystemArtifact artifact;
  artifact.name = target;
  artifact.root = target;
  artifact.kind = kind;
  // A repository's history is not part of what it builds.
  artifact.walk.skip_directory_names = {".git"};
  if (kind == FilesystemKind::kRootfs) {
    // Kernel and device trees of a live system hold no packages and can be endless.
    artifact.walk.skip_directories = {"proc", "sys", "dev"};
  }
  return artifact;
}

}  // namespace scry::artifact
