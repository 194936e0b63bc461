// Java archives (jar, war, ear, par): the Maven coordinates they carry, as Trivy's
// pkg/dependency/parser/java/jar reads them, offline.
//  - every META-INF/maven/<group>/<artifact>/pom.properties (shaded jars hold several);
//  - archives nested inside (WEB-INF/lib/*.jar, BOOT-INF/lib/*.jar, an ear's lib/*.jar),
//    recursively, bounded in depth and in inflated bytes;
//  - when no pom.properties describes the archive itself: META-INF/MANIFEST.MF
//    (https://docs.oracle.com/en/java/javase/17/docs/specs/jar/jar.html#main-attributes), then
//    the file name (name-1.2.3.jar). Trivy confirms those guesses with Maven Central (by
//    groupId:artifactId, or by the archive's SHA-1); scry has no network, so their evidence says
//    the coordinates are unconfirmed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "scry/analyzer/lang/java/parsed.hpp"
#include "scry/base/bytes.hpp"
#include "scry/base/error.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::lang::java {

struct JarLimits {
  int max_depth = limits::kMaxJarNestingDepth;  // nested archives below the outer one
  uint64_t max_entry_size = limits::kMaxJarEntrySize;
  uint64_t max_inflated_size = limits::kMaxJarInflatedSize;  // all levels together
  uint64_t max_entries = limits::kMaxJarEntries;             // per archive
};

// The packages of the archive `data`, whose path in the target is `path` (its file name feeds
// the fallback; packages of a nested archive get file_path "<path>/<entry name>", Trivy's
// convention). Packages are sorted and de-duplicated. Errors: kInvalidInput when the outer file
// is no zip; a corrupt or oversized nested archive, or a limit reached part-way, becomes a
// warning naming the archive, and what was found until then is kept.
Result<ParsedPackages> ParseJar(Bytes data, std::string_view path, const JarLimits& limits = {});

// pom.properties (java.util.Properties syntax: key=value, key:value, # and ! comments).
struct PomProperties {
  std::string group_id;
  std::string artifact_id;
  std::string version;
  bool valid() const { return !group_id.empty() && !artifact_id.empty() && !version.empty(); }
};
PomProperties ParsePomProperties(std::string_view text);

// The main section of a MANIFEST.MF: attribute name -> value, continuation lines joined.
std::map<std::string, std::string> ParseManifest(std::string_view text);

// Maven coordinates guessed from a manifest, as Trivy's manifest.properties() picks them;
// `source` names the attributes used. Empty fields when the manifest has too little.
struct ManifestCoordinates {
  PomProperties coordinates;
  std::string source;
};
ManifestCoordinates CoordinatesFromManifest(const std::map<std::string, std::string>& manifest);

// "spring-core-5.3.4-SNAPSHOT.jar" -> artifact "spring-core", version "5.3.4-SNAPSHOT" (Trivy's
// jarFileRegEx); no version: the whole base name as artifact and an empty version.
struct FileNameCoordinates {
  std::string artifact_id;
  std::string version;
};
FileNameCoordinates ParseJarFileName(std::string_view path);

}  // namespace scry::analyzer::lang::java
