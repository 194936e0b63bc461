// Identifiers and timestamps that SBOM and code-scanning formats require, derived from the report
// so that the same scan gives byte-identical output (reproducible builds, golden tests).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scry/model/report.hpp"
#include "scry/report/writer.hpp"

namespace scry::report {

// Where scry's documentation lives; SARIF informationUri, SPDX namespaces, GitHub detector url.
inline constexpr std::string_view kScryUri = "https://github.com/scry-scanner/scry";

// A name-based UUID in the style of RFC 9562 version 5, over SHA-256 instead of SHA-1: the first
// 16 bytes of SHA-256(`space` + '\n' + `name`) with the version and variant bits set. Formatted
// "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx".
std::string NameUuid(std::string_view space, std::string_view name);

// A digest of everything the report says (its full JSON form, every package included), to make
// per-document identifiers: two different reports never share a serial number.
std::string ReportDigest(const model::Report& report);

// The document's creation time, "YYYY-MM-DDThh:mm:ssZ": the report's created_at cut to seconds;
// else SOURCE_DATE_EPOCH from the options; else the epoch (the report was made reproducible but
// the epoch not passed on).
std::string DocumentTime(const model::Report& report, const WriterOptions& options);

// Every package in the report has a purl or, when it has none, "<target>:<id>"; used as a key.
std::string PackageKey(const model::ScanResult& result, const model::Package& package);

// The facts of a Go binary result that matching depends on, as (name, value) for SBOM properties:
// GoVersion, GoPath (main package), GoBuildInfo, BinaryFormat, Architectures (comma-separated),
// GOOS, GOARCH; empty values left out. artifact/sbom reads them back.
std::vector<std::pair<std::string, std::string>> GoBinaryFacts(const model::ScanResult& result);

}  // namespace scry::report
