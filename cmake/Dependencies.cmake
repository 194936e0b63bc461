# Every third-party dependency is found here and nowhere else (docs/architecture.md, "Layout").
# All of them are Debian bookworm packages; scripts/install-deps installs them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(tl-expected CONFIG REQUIRED)   # tl::expected
find_package(fmt CONFIG REQUIRED)           # fmt::fmt
find_package(spdlog CONFIG REQUIRED)        # spdlog::spdlog (compiled, external fmt)
find_package(CLI11 CONFIG REQUIRED)         # CLI11::CLI11
find_package(nlohmann_json CONFIG REQUIRED) # nlohmann_json::nlohmann_json
find_package(simdjson CONFIG REQUIRED)      # simdjson::simdjson
find_package(SQLite3 REQUIRED)              # SQLite::SQLite3
find_package(CURL REQUIRED)                 # CURL::libcurl
find_package(OpenSSL REQUIRED)              # OpenSSL::Crypto (MD5, SHA-256 of downloads)
find_package(LibArchive REQUIRED)           # LibArchive::LibArchive
find_package(ZLIB REQUIRED)                 # ZLIB::ZLIB
find_package(tomlplusplus CONFIG REQUIRED)  # tomlplusplus::tomlplusplus (lockfiles in TOML)
find_package(pugixml CONFIG REQUIRED)       # pugixml::pugixml (pom.xml, NuGet XML; no DTDs)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)  # PkgConfig::YAML (#include <yaml.h>)

if(SCRY_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)       # GTest::gtest_main, GTest::gmock
endif()
if(SCRY_BUILD_BENCH)
  find_package(benchmark CONFIG REQUIRED)   # benchmark::benchmark_main
endif()
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)   # PkgConfig::ISAL (isa-l igzip: gzip layers)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)   # PkgConfig::ZSTD (zstd layers)
