// A minimal tar writer for tests: ustar headers, pax records for long names, and hooks to write
// what real tools write badly (no end-of-archive blocks) or what attackers write ('..' paths).
// Test-only: header-only, no error handling beyond what tests need.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace scry::testing {

class TarWriter {
 public:
  void File(std::string_view path, std::string_view content, uint32_t mode = 0644) {
    Entry(path, '0', content, mode, "");
  }
  void Dir(std::string_view path, uint32_t mode = 0755) { Entry(path, '5', "", mode, ""); }
  void Symlink(std::string_view path, std::string_view target) {
    Entry(path, '2', "", 0777, target);
  }
  void Hardlink(std::string_view path, std::string_view target) {
    Entry(path, '1', "", 0644, target);
  }
  void Fifo(std::string_view path) { Entry(path, '6', "", 0644, ""); }

  // Appends the two zero blocks that end an archive.
  void End() { bytes_.resize(bytes_.size() + 1024, 0); }

  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::string str() const { return {bytes_.begin(), bytes_.end()}; }

  void Entry(std::string_view path, char type, std::string_view content, uint32_t mode,
             std::string_view link) {
    if (path.size() > 99 || link.size() > 99) {
      std::string records = Record("path", path);
      if (!link.empty()) records += Record("linkpath", link);
      Header("PaxHeader", 'x', records.size(), 0644, "");
      Data(records);
    }
    Header(path.substr(0, 99), type, content.size(), mode, link.substr(0, 99));
    Data(content);
  }

 private:
  static std::string Record(std::string_view key, std::string_view value) {
    // "<length> key=value\n" where length counts itself.
    std::string body = " " + std::string(key) + "=" + std::string(value) + "\n";
    size_t length = body.size() + 1;
    while (std::to_string(length).size() + body.size() != length) ++length;
    return std::to_string(length) + body;
  }

  void Header(std::string_view name, char type, uint64_t size, uint32_t mode,
              std::string_view link) {
    uint8_t header[512] = {};
    std::memcpy(header, name.data(), name.size());
    std::snprintf(reinterpret_cast<char*>(header + 100), 8, "%07o", mode);
    std::snprintf(reinterpret_cast<char*>(header + 108), 8, "%07o", 0);
    std::snprintf(reinterpret_cast<char*>(header + 116), 8, "%07o", 0);
    std::snprintf(reinterpret_cast<char*>(header + 124), 12, "%011llo",
                  static_cast<unsigned long long>(size));
    std::snprintf(reinterpret_cast<char*>(header + 136), 12, "%011o", 0);
    header[156] = static_cast<uint8_t>(type);
    std::memcpy(header + 157, link.data(), link.size());
    std::memcpy(header + 257,
                "ustar\0"
                "00",
                8);
    std::memset(header + 148, ' ', 8);
    unsigned sum = 0;
    for (uint8_t byte : header) sum += byte;
    std::snprintf(reinterpret_cast<char*>(header + 148), 8, "%06o", sum);
    bytes_.insert(bytes_.end(), header, header + 512);
  }

  void Data(std::string_view content) {
    bytes_.insert(bytes_.end(), content.begin(), content.end());
    bytes_.resize((bytes_.size() + 511) / 512 * 512, 0);
  }

  std::vector<uint8_t> bytes_;
};

}  // namespace scry::testing
