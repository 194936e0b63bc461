// Analyzers turn files into findings (applications and their packages). One analyzer per file
// type; they sit on top of pure parsers and own file selection, size limits and logging
// (docs/adding-an-analyzer.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/byte_source.hpp"
#include "scry/base/error.hpp"
#include "scry/model/os.hpp"
#include "scry/model/package.hpp"
#include "scry/walker/file_entry.hpp"

namespace scry::analyzer {

// How many leading bytes of a file Analyzer::Accepts() sees (one tar block).
inline constexpr size_t kSniffSize = 512;

// Every analyzer has a type; THE list of analyzers is all.cpp.
enum class AnalyzerType {
  kGoBinary,
  kRpm,
  kOs,    // OS release files (os/os_release_parser.hpp)
  kDpkg,  // dpkg status, status.d and md5sums
  kApk,   // apk installed database
  kGoMod,  // go.mod (+ go.sum, go.work, vendor/modules.txt)
  kJar,            // Java archives: jar, war, ear, par
  kPom,            // Maven pom.xml
  kGradleLock,     // gradle.lockfile
  kNuget,          // NuGet packages.lock.json and packages.config
  kDotnetDeps,     // .NET *.deps.json
  kPackagesProps,  // NuGet central package management (Directory.Packages.props)

  // Python (analyzer/lang/python)
  kPip,              // requirements.txt
  kPipenv,           // Pipfile.lock
  kPoetry,           // poetry.lock (+ pyproject.toml)
  kUv,               // uv.lock
  kPylock,           // pylock.toml (PEP 751)
  kPythonPackaging,  // installed Python distributions (dist-info METADATA, egg-info PKG-INFO)

  // Rust, Ruby, PHP
  kCargo,           // Cargo.lock
  kRustBinary,      // cargo-auditable .dep-v0 data in executables
  kBundler,         // Gemfile.lock
  kGemspec,         // installed specifications/*.gemspec
  kComposer,        // composer.lock
  kComposerVendor,  // vendor/composer/installed.json

  kConanLock,    // conan.lock (lang/c/conan)
  kPubspecLock,  // pubspec.lock (lang/dart/pub)
  kMixLock,      // mix.lock (lang/elixir/mix)
  kSwift,        // Package.resolved (lang/swift/swiftpm)
  kCocoapods,    // Podfile.lock (lang/swift/cocoapods)

  kNpm,      // package-lock.json
  kYarn,     // yarn.lock (classic and berry)
  kPnpm,     // pnpm-lock.yaml
  kNodePkg,  // node_modules/*/package.json
};
std::string_view AnalyzerTypeName(AnalyzerType type);

// A file offered to analyzers; cheap to inspect (no I/O has happened yet).
using walker::FileInfo;
using walker::Opener;

// Reads another regular file of the same target by its path (FileInfo::path form); kNotFound
// when the target has no such file. Only file system targets offer it: lockfiles whose meaning
// depends on a sibling (go.mod and go.sum, go.work, requirements.txt `-r`) fall back to what
// their own file says when it is absent. Thread-safe.
using SiblingReader =
    std::function<Result<std::shared_ptr<const ByteSource>>(std::string_view path)>;

struct AnalysisInput {
  const FileInfo& file;
  const Opener& open;
  const SiblingReader* siblings = nullptr;  // null in image layers
};

// An OS package database file (dpkg status or one status.d file, apk installed, rpmdb) and the
// packages it lists.
struct PackageDatabase {
  std::string file_path;  // as in FileInfo::path
  std::string type;       // "dpkg", "apk" or "rpm"
  std::vector<model::Package> packages;
};

// The files one OS package installed (dpkg info/NAME.md5sums, apk and rpm file lists): they
// attribute binaries to the package that owns them.
struct InstalledFiles {
  std::string source_file;         // the file that lists them
  std::string package;             // the package name
  std::vector<std::string> paths;  // like FileInfo::path: no leading '/'
};

// Everything analyzers found in one file.
struct AnalysisResult {
  // OS facts from one release file; os-release outranks the distribution-specific files.
  std::optional<model::OsInfo> os;
  std::vector<PackageDatabase> package_databases;
  std::vector<InstalledFiles> installed_files;
  std::vector<model::Application> applications;
  // Problems worth telling the user about that did not stop the analysis of this file
  // (e.g. "build info is corrupt; packages were recovered from the function table").
  std::vector<std::string> warnings;

  bool empty() const {
    return !os && package_databases.empty() && installed_files.empty() && applications.empty() &&
           warnings.empty();
  }
  void Merge(AnalysisResult&& other);
};

// Which targets an analyzer runs for, as Trivy splits them: lockfiles and manifests describe what
// a build will install, so they are read in source trees (fs, repo); installed-package metadata
// (site-packages, node_modules/*/package.json, gemspecs) is what an image or root file system
// actually holds.
enum class AnalyzerScope {
  kAll,        // binaries, OS files, archives such as jars
  kLockfile,   // fs and repo scans
  kInstalled,  // image and rootfs scans
};

struct AnalyzerOptions {
  // kAll: every analyzer (tests); kLockfile: analyzers for fs and repo scans; kInstalled: for
  // image and rootfs scans. Analyzers whose own Scope() is kAll always run.
  AnalyzerScope scope = AnalyzerScope::kAll;
};

// Per-file analyzer. Stateless after construction: Analyze() runs concurrently for different
// files.
class Analyzer {
 public:
  virtual ~Analyzer() = default;
  virtual AnalyzerType Type() const = 0;
  // Bumped whenever the output for the same input changes; part of the analysis-cache key.
  virtual int Version() const = 0;
  virtual AnalyzerScope Scope() const { return AnalyzerScope::kAll; }
  // Cheap filter on the path, size and mode. Must not do I/O.
  virtual bool Required(const FileInfo& file) const = 0;
  // Errors are about this file only (corrupt input, unreadable file); the scan goes on.
  virtual Result<AnalysisResult> Analyze(const AnalysisInput& input) const = 0;
  // Whether a file that Required() accepted can be of this analyzer's kind, judged from its
  // first min(size, kSniffSize) bytes. Walkers for which reading a whole file is costly (a layer
  // stream, where a 500 MB file would be spooled to disk) ask before reading; it must not reject
  // what Analyze() would find something in. Default: yes.
  virtual bool Accepts(const FileInfo& file, Bytes head) const {
    (void)file;
    (void)head;
    return true;
  }
};

using AnalyzerFactory = std::function<std::unique_ptr<Analyzer>(const AnalyzerOptions&)>;

// Maps analyzer types to factories. Registering a type twice is a programmer error.
class Registry {
 public:
  void Add(AnalyzerType type, AnalyzerFactory factory);
  std::vector<std::unique_ptr<Analyzer>> CreateAll(const AnalyzerOptions& options) const;

 private:
  std::vector<std::pair<AnalyzerType, AnalyzerFactory>> factories_;
};

// Registers every analyzer scry has (all.cpp: the one list).
void RegisterAllAnalyzers(Registry& registry);

// Runs the analyzers that require a file and applies the error policy: a failure in one file is
// logged as a warning naming the file, and never stops the scan.
class AnalyzerGroup {
 public:
  explicit AnalyzerGroup(std::vector<std::unique_ptr<Analyzer>> analyzers);

  // A group of every registered analyzer.
  static AnalyzerGroup CreateDefault(const AnalyzerOptions& options);

  // True when some analyzer wants the file (so that walkers can skip opening it).
  bool Required(const FileInfo& file) const;
  // True when some analyzer both requires the file and accepts its first bytes.
  bool Accepts(const FileInfo& file, Bytes head) const;
  // Thread-safe for different files.
  AnalysisResult AnalyzeFile(const FileInfo& file, const Opener& open,
                             const SiblingReader* siblings = nullptr) const;
  // "gobinary:1,..." in type order: identifies the analysis for caching.
  std::string VersionsKey() const;

 private:
  std::vector<std::unique_ptr<Analyzer>> analyzers_;
};

}  // namespace scry::analyzer
