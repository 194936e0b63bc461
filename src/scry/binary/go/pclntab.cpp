// Go function table (pclntab) reader. Layouts follow the Go runtime's runtime/symtab.go (pcHeader,
// functab, _func, pcvalue) and cmd/link/internal/ld/pcln.go, for the four header generations:
//   1.2-1.15: magic, nfunc, {entry, funcoff} uintptr pairs, end pc, filetab offset; offsets are
//             relative to the table; file numbers index the file table.
//   1.16-1.17: magic, nfunc, nfiles and offsets of funcnametab, cutab, filetab, pctab, pclntab.
//   1.18+ (and 1.20+, same header): as 1.16 plus textStart, with uint32 {entryoff, funcoff} pairs.
//             Go 1.26 still uses the 1.20 header (with textStart written as 0).
// From 1.16 on, file numbers index the compilation unit's slice of cutab, which holds offsets into
// filetab.
#include "scry/binary/go/pclntab.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "scry/base/limits.hpp"
#include "scry/binary/go/pclntab_internal.hpp"
#include "scry/binary/go/versions.hpp"

namespace scry::binary::go {
namespace internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr uint32_t kMagic12 = 0xfffffffb;
constexpr uint32_t kMagic116 = 0xfffffffa;
constexpr uint32_t kMagic118 = 0xfffffff0;
constexpr uint32_t kMagic120 = 0xfffffff1;
constexpr uint32_t kNoFile = 0xffffffff;  // cutab entry of a file the unit does not use
constexpr uint64_t kMinVersionLength = 4;
constexpr uint64_t kMaxVersionLength = 128;

std::optional<PclntabVersion> VersionOfMagic(uint32_t magic) {
  switch (magic) {
    case kMagic12:
      return PclntabVersion::kGo12;
    case kMagic116:
      return PclntabVersion::kGo116;
    case kMagic118:
      return PclntabVersion::kGo118;
    case kMagic120:
      return PclntabVersion::kGo120;
    default:
      return std::nullopt;
  }
}

// Width of the functab fields and of the first _func field (the entry pc): uintptr before 1.18,
// a uint32 offset from textStart since.
unsigned EntryFieldSize(const PclntabHeader& header) {
  return header.version == PclntabVersion::kGo118 || header.version == PclntabVersion::kGo120
             ? 4
             : header.pointer_size;
}

// The bytes [begin, end) of `table` as a reader with the table's byte order (callers check bounds).
ByteReader SubReader(Bytes table, uint64_t begin, uint64_t end, Endian endian) {
  return ByteReader(table.subspan(static_cast<size_t>(begin), static_cast<size_t>(end - begin)),
                    endian);
}

bool IsPathByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '%' || c == '!' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Import path syntax, loosely (cmd/go's checkPath plus the linker's %xx escapes): non-empty
// elements of path characters.
bool IsPlausibleImportPath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  char previous = 0;
  for (char c : path) {
    if (c == '/') {
      if (previous == '/') return false;
    } else if (!IsPathByte(c)) {
      return false;
    }
    previous = c;
  }
  return true;
}

// "!x" -> "X" as golang.org/x/mod/module.UnescapePath; nullopt for a bad escape.
std::optional<std::string> UnescapeModuleCache(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '!') {
      if (i + 1 >= text.size() || text[i + 1] < 'a' || text[i + 1] > 'z') return std::nullopt;
      out.push_back(static_cast<char>(text[++i] - 'a' + 'A'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool IsModulePath(std::string_view path) {
  if (!IsPlausibleImportPath(path) || path.find('%') != std::string_view::npos) return false;
  std::string_view first = path.substr(0, path.find('/'));
  return first.find('.') != std::string_view::npos && first.front() != '.' && first.back() != '.';
}

// Decodes one pcvalue stream (runtime.pcvalue: pairs of a zig-zag value delta and a pc delta in
// pc quanta, the value starting at -1, ended by a zero value delta after the first pair) and
// returns the value at the function's entry, which is all funcfile needs here (so pcs are not
// tracked). The whole stream is walked so that one that never ends is reported.
Result<int32_t> EntryPcValue(ByteReader stream, uint64_t offset) {
  if (!stream.Seek(offset)) {
    return Fail(ErrorCode::kInvalidInput, "pcvalue offset {:#x} is past the table", offset);
  }
  int64_t value = -1;
  int64_t entry_value = -1;
  for (uint64_t step = 0;; ++step) {
    if (step >= limits::kMaxGoPcvalueSteps) {
      return Fail(ErrorCode::kInvalidInput, "pcvalue stream at {:#x} has more than {} steps",
                  offset, limits::kMaxGoPcvalueSteps);
    }
    auto value_delta = stream.Uvarint();
    if (!value_delta || *value_delta > std::numeric_limits<uint32_t>::max()) {
      return Fail(ErrorCode::kInvalidInput, "pcvalue stream at {:#x} is malformed or unterminated",
                  offset);
    }
    if (*value_delta == 0 && step > 0) break;
    auto pc_delta = stream.Uvarint();
    if (!pc_delta || *pc_delta > std::numeric_limits<uint32_t>::max()) {
      return Fail(ErrorCode::kInvalidInput, "pcvalue stream at {:#x} is malformed or unterminated",
                  offset);
    }
    auto half = static_cast<int64_t>(*value_delta >> 1);
    value += (*value_delta & 1) != 0 ? -half - 1 : half;
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max()) {
      return Fail(ErrorCode::kInvalidInput, "pcvalue stream at {:#x} overflows", offset);
    }
    if (step == 0) entry_value = value;
  }
  return static_cast<int32_t>(entry_value);
}

// Reads the NUL-terminated name at `offset` of `reader`.
Result<std::string_view> NameAt(const ByteReader& reader, uint64_t offset, uint64_t max_length,
                                std::string_view what) {
  auto name = reader.CStringAt(offset, max_length);
  if (!name) {
    return Fail(ErrorCode::kInvalidInput, "{} at offset {:#x} is past the table or unterminated",
                what, offset);
  }
  return *name;
}

class TableParser {
 public:
  TableParser(Bytes table, const PclntabHeader& header) : table_(table), header_(header) {
    if (header.version == PclntabVersion::kGo12) {
      names_ = ByteReader(table, header.endian);
      pcdata_ = names_;
      files_ = names_;
    } else {
      names_ = SubReader(table, header.funcname_offset, header.cu_offset, header.endian);
      cutab_ = SubReader(table, header.cu_offset, header.filetab_offset, header.endian);
      files_ = SubReader(table, header.filetab_offset, header.pctab_offset, header.endian);
      pcdata_ = SubReader(table, header.pctab_offset, header.funcdata_offset, header.endian);
    }
  }

  Result<PclntabContents> Parse() {
    PclntabContents contents;
    contents.header = header_;
    SCRY_CHECK(ReadFunctions(contents));
    SCRY_CHECK(ReadFileNames(contents));
    return contents;
  }

 private:
  Result<std::string_view> FunctionName(uint64_t func) const {
    auto name_offset = ByteReader(table_, header_.endian).U32At(func + EntryFieldSize(header_));
    if (!name_offset) {
      return Fail(ErrorCode::kInvalidInput, "function record at {:#x} is past the table", func);
    }
    return NameAt(names_, *name_offset, limits::kMaxGoFunctionNameLength, "function name");
  }

  Status ReadFunctions(PclntabContents& contents) {
    ByteReader reader(table_, header_.endian);
    unsigned field = EntryFieldSize(header_);
    // The _func fields read here: nameoff, then pcfile (field 5) and, 1.16+, cuOffset (field 8).
    uint64_t record_size = field + (header_.version == PclntabVersion::kGo12 ? 20 : 32);
    // Each package with the record of its first function, whose source file locates the package.
    std::unordered_map<std::string_view, uint64_t> packages;
    std::string_view last_package;
    for (uint64_t i = 0; i < header_.function_count; ++i) {
      uint64_t slot = header_.functab_offset + (2 * i + 1) * field;
      auto func_offset = reader.UintAt(slot, field);
      if (!func_offset) {
        return Fail(ErrorCode::kInvalidInput, "function table entry {} is past the table", i);
      }
      uint64_t func = header_.funcdata_offset + *func_offset;
      if (func < header_.funcdata_offset || func > table_.size() ||
          record_size > table_.size() - func) {
        return Fail(ErrorCode::kInvalidInput, "function {} record at {:#x} is past the table", i,
                    *func_offset);
      }
      SCRY_TRY(std::string_view name, FunctionName(func));
      if (name == "main.main") {
        if (contents.main_function_count++ == 0) {
          SCRY_TRY(contents.main_source_file, SourceFileOf(func));
        }
      }
      std::string_view package = PackageOfFunction(name);
      if (!package.empty() && package != last_package) {
        packages.try_emplace(package, func);
        last_package = package;
      }
    }
    std::map<std::string, uint64_t> paths;
    for (const auto& [package, first_function] : packages) {
      // Unescaped first: "example%2ecom.F" belongs to the package "example.com".
      auto unescaped = UnescapeSymbolPath(package);
      if (!unescaped || *unescaped == "main" || IsStandardLibraryPackage(*unescaped)) continue;
      std::string path = std::move(*unescaped);
      // GOPATH-era vendoring puts the vendoring package's path in front of the import path.
      size_t vendor = path.rfind("/vendor/");
      if (vendor != std::string::npos) path.erase(0, vendor + 8);
      if (path.empty() || IsStandardLibraryPackage(path)) continue;
      paths.try_emplace(std::move(path), first_function);
    }
    for (const auto& [path, first_function] : paths) {
      contents.package_paths.push_back(path);
      SCRY_TRY(std::string file, SourceFileOf(first_function));
      size_t slash = file.rfind('/');
      if (slash != std::string::npos) contents.package_directories[path] = file.substr(0, slash);
    }
    return Ok();
  }

  // runtime.funcfile: the pcfile value at the entry, through the file table (1.2) or the unit's
  // slice of cutab (1.16+). Empty when the function records no file.
  Result<std::string> SourceFileOf(uint64_t func) const {
    ByteReader reader(table_, header_.endian);
    unsigned field = EntryFieldSize(header_);
    uint32_t pcfile = *reader.U32At(func + field + 16);
    if (pcfile == 0) return std::string();
    SCRY_TRY(int32_t file_number, EntryPcValue(pcdata_, pcfile));
    if (file_number < 0) return std::string();
    uint64_t name_offset = 0;
    if (header_.version == PclntabVersion::kGo12) {
      if (file_number == 0) return std::string();  // slot 0 holds the count, not a file
      if (static_cast<uint64_t>(file_number) >= header_.file_count) {
        return Fail(ErrorCode::kInvalidInput, "file number {} is outside the file table",
                    file_number);
      }
      name_offset = *reader.U32At(header_.filetab_offset + 4 * static_cast<uint64_t>(file_number));
    } else {
      uint64_t unit = *reader.U32At(func + field + 28);
      auto entry = cutab_.U32At(4 * (unit + static_cast<uint64_t>(file_number)));
      if (!entry) {
        return Fail(ErrorCode::kInvalidInput, "file {} of unit {} is outside the unit table",
                    file_number, unit);
      }
      if (*entry == kNoFile) return std::string();
      name_offset = *entry;
    }
    SCRY_TRY(std::string_view name,
             NameAt(files_, name_offset, limits::kMaxGoFileNameLength, "source file name"));
    return std::string(name);
  }

  Status ReadFileNames(PclntabContents& contents) const {
    std::set<ModuleCachePath> roots;
    auto add = [&roots](std::string_view name) {
      if (name.find('@') == std::string_view::npos) return;
      if (auto root = ModuleCachePathOfFile(name)) roots.insert(std::move(*root));
    };
    if (header_.version == PclntabVersion::kGo12) {
      ByteReader reader(table_, header_.endian);
      for (uint64_t i = 1; i < header_.file_count; ++i) {
        uint32_t offset = *reader.U32At(header_.filetab_offset + 4 * i);
        SCRY_TRY(std::string_view name,
                 NameAt(files_, offset, limits::kMaxGoFileNameLength, "source file name"));
        add(name);
      }
    } else {
      uint64_t offset = 0;
      for (uint64_t i = 0; i < header_.file_count && offset < files_.size(); ++i) {
        SCRY_TRY(std::string_view name,
                 NameAt(files_, offset, limits::kMaxGoFileNameLength, "source file name"));
        add(name);
        offset += name.size() + 1;
      }
    }
    contents.module_cache_paths.assign(roots.begin(), roots.end());
    return Ok();
  }

  Bytes table_;
  PclntabHeader header_;
  ByteReader names_;   // base of function name offsets
  ByteReader cutab_;   // 1.16+
  ByteReader files_;   // base of file name offsets
  ByteReader pcdata_;  // base of pcvalue stream offsets
};

bool IsDomainLike(std::string_view element) {
  if (element.empty() || element.find("..") != std::string_view::npos) return false;
  return std::all_of(element.begin(), element.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '.';
  });
}

// 2 for a release ("go1.22.5"), 1 for a release candidate or beta, 0 for a development build.
int ReleaseRank(std::string_view version) {
  if (version.starts_with("devel")) return 0;
  std::string_view name = version.substr(0, version.find(' '));
  return name.find("rc") != std::string_view::npos || name.find("beta") != std::string_view::npos
             ? 1
             : 2;
}

// Fast lookup of file bytes by address over a set of regions.
class AddressMap {
 public:
  explicit AddressMap(const std::vector<Region>& regions) {
    for (const Region& region : regions) {
      if (!region.bytes.empty()) regions_.push_back(region);
    }
    std::sort(regions_.begin(), regions_.end(),
              [](const Region& a, const Region& b) { return a.address < b.address; });
  }

  // The `size` bytes at `address`, when one region holds all of them.
  std::optional<Bytes> Read(uint64_t address, uint64_t size) const {
    auto it = std::upper_bound(regions_.begin(), regions_.end(), address,
                               [](uint64_t value, const Region& r) { return value < r.address; });
    if (it == regions_.begin()) return std::nullopt;
    --it;
    return SliceAt(it->bytes, address - it->address, size);
  }

 private:
  std::vector<Region> regions_;
};

// Calls `visit(address, word_pointer, words_left)` for every pointer-aligned word of `region`.
template <class Visit>
void ForEachAlignedWord(const Region& region, unsigned pointer_size, Visit&& visit) {
  uint64_t misalignment = region.address % pointer_size;
  uint64_t start = misalignment == 0 ? 0 : pointer_size - misalignment;
  const uint8_t* data = region.bytes.data();
  uint64_t size = region.bytes.size();
  for (uint64_t offset = start; offset + pointer_size <= size; offset += pointer_size) {
    visit(region.address + offset, data + offset, (size - offset) / pointer_size);
  }
}

}  // namespace

std::optional<PclntabHeader> ProbePclntabHeader(Bytes data) {
  if (data.size() < 8 || data[4] != 0 || data[5] != 0) return std::nullopt;
  if (data[6] != 1 && data[6] != 2 && data[6] != 4) return std::nullopt;
  if (data[7] != 4 && data[7] != 8) return std::nullopt;
  PclntabHeader header;
  if (auto version =
          VersionOfMagic(static_cast<uint32_t>(DecodeUint(data.data(), 4, Endian::kLittle)))) {
    header.version = *version;
    header.endian = Endian::kLittle;
  } else if (auto big =
                 VersionOfMagic(static_cast<uint32_t>(DecodeUint(data.data(), 4, Endian::kBig)))) {
    header.version = *big;
    header.endian = Endian::kBig;
  } else {
    return std::nullopt;
  }
  header.quantum = data[6];
  header.pointer_size = data[7];
  return header;
}

Result<PclntabHeader> ParsePclntabHeader(Bytes table) {
  auto probed = ProbePclntabHeader(table);
  if (!probed) return Fail(ErrorCode::kInvalidInput, "no Go function table header");
  PclntabHeader header = *probed;
  ByteReader reader(table, header.endian);
  unsigned ps = header.pointer_size;
  uint64_t size = table.size();
  std::array<uint64_t, 8> words{};
  unsigned word_count = header.version == PclntabVersion::kGo12    ? 1
                        : header.version == PclntabVersion::kGo116 ? 7
                                                                   : 8;
  for (unsigned i = 0; i < word_count; ++i) {
    auto word = reader.UintAt(8 + uint64_t{i} * ps, ps);
    if (!word) return Fail(ErrorCode::kInvalidInput, "function table header is truncated");
    words[i] = *word;
  }
  uint64_t header_size = 8 + uint64_t{word_count} * ps;
  header.function_count = words[0];
  unsigned field = EntryFieldSize(header);
  if (header.version == PclntabVersion::kGo12) {
    header.functab_offset = header_size;
    header.funcdata_offset = 0;
  } else {
    unsigned base = header.version == PclntabVersion::kGo116 ? 2 : 3;
    header.file_count = words[1];
    header.funcname_offset = words[base];
    header.cu_offset = words[base + 1];
    header.filetab_offset = words[base + 2];
    header.pctab_offset = words[base + 3];
    header.funcdata_offset = words[base + 4];
    header.functab_offset = header.funcdata_offset;
    // cmd/link writes the sub-tables in this order; anything else is corrupt.
    if (header.funcname_offset < header_size || header.cu_offset < header.funcname_offset ||
        header.filetab_offset < header.cu_offset || header.pctab_offset < header.filetab_offset ||
        header.funcdata_offset < header.pctab_offset || header.funcdata_offset > size) {
      return Fail(ErrorCode::kInvalidInput,
                  "function table offsets are out of order or past the table ({} bytes)", size);
    }
  }
  // nfunc {entry, funcoff} pairs and the end pc must fit.
  uint64_t functab_fields = (size - std::min(size, header.functab_offset)) / field;
  if (functab_fields == 0 || header.function_count > (functab_fields - 1) / 2) {
    return Fail(ErrorCode::kInvalidInput, "function count {} runs past the table",
                header.function_count);
  }
  if (header.function_count > limits::kMaxGoFunctions) {
    return Fail(ErrorCode::kLimitExceeded, "function count {} exceeds the limit of {}",
                header.function_count, limits::kMaxGoFunctions);
  }
  if (header.version == PclntabVersion::kGo12) {
    uint64_t trailer = header.functab_offset + (2 * header.function_count + 1) * field;
    auto filetab = reader.U32At(trailer);
    if (!filetab) return Fail(ErrorCode::kInvalidInput, "file table offset is past the table");
    header.filetab_offset = *filetab;
    auto count = reader.U32At(header.filetab_offset);
    if (!count) return Fail(ErrorCode::kInvalidInput, "file table is past the table");
    header.file_count = *count;
    if (header.file_count > (size - header.filetab_offset) / 4) {
      return Fail(ErrorCode::kInvalidInput, "file count {} runs past the table", header.file_count);
    }
  } else if (header.file_count > header.pctab_offset - header.filetab_offset) {
    return Fail(ErrorCode::kInvalidInput, "file count {} runs past the file table",
                header.file_count);
  }
  if (header.file_count > limits::kMaxGoFiles) {
    return Fail(ErrorCode::kLimitExceeded, "file count {} exceeds the limit of {}",
                header.file_count, limits::kMaxGoFiles);
  }
  return header;
}

Result<PclntabContents> ParsePclntab(Bytes table) {
  SCRY_TRY(PclntabHeader header, ParsePclntabHeader(table));
  return TableParser(table, header).Parse();
}

std::optional<ModuleCachePath> ModuleCachePathOfFile(std::string_view file_name) {
  if (file_name.size() > limits::kMaxGoFileNameLength) return std::nullopt;
  std::string normalized(file_name);
  std::replace(normalized.begin(), normalized.end(), '\\', '/');
  std::string_view name = normalized;
  constexpr std::string_view kMarker = "/pkg/mod/";
  size_t start = 0;
  if (size_t marker = name.find(kMarker); marker != std::string_view::npos) {
    start = marker + kMarker.size();
  } else if (name.starts_with('/') || (name.size() > 1 && name[1] == ':')) {
    // An absolute path outside a GOPATH module cache (custom GOMODCACHE): its root is unknown.
    return std::nullopt;
  }
  size_t at = name.find('@', start);
  if (at == std::string_view::npos) return std::nullopt;
  size_t slash = name.find('/', at);
  if (slash == std::string_view::npos) return std::nullopt;
  auto path = UnescapeModuleCache(name.substr(start, at - start));
  auto version = UnescapeModuleCache(name.substr(at + 1, slash - at - 1));
  if (!path || !version || !IsModulePath(*path) || !IsModuleVersion(*version)) return std::nullopt;
  size_t plus = version->find('+');
  if (plus != std::string::npos && version->substr(plus) != "+incompatible") return std::nullopt;
  return ModuleCachePath{std::move(*path), std::move(*version)};
}

std::optional<std::string> UnescapeSymbolPath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') {
      out.push_back(path[i]);
      continue;
    }
    if (i + 2 >= path.size()) return std::nullopt;
    int value = 0;
    for (size_t j = i + 1; j <= i + 2; ++j) {
      char c = path[j];
      int digit = IsDigit(c)               ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                           : -1;
      if (digit < 0) return std::nullopt;
      value = value * 16 + digit;
    }
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

bool LooksLikeGoVersion(std::string_view text) {
  if (text.size() < kMinVersionLength || text.size() > kMaxVersionLength) return false;
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  if (text.starts_with("devel ")) return true;
  if (!text.starts_with("go1.")) return false;
  size_t i = 4;
  auto digits = [&]() {
    size_t begin = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    return i > begin;
  };
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  for (std::string_view tag : {std::string_view("rc"), std::string_view("beta")}) {
    if (text.substr(i).starts_with(tag)) {
      i += tag.size();
      if (!digits()) return false;
      break;
    }
  }
  return i == text.size() || text[i] == ' ';
}

std::string FindGoVersionInData(const std::vector<Region>& data_regions,
                                const std::vector<Region>& readable_regions, unsigned pointer_size,
                                Endian endian) {
  if (pointer_size != 4 && pointer_size != 8) return {};
  AddressMap memory(readable_regions);
  struct Seen {
    uint64_t count = 0;
    uint64_t first_header = 0;
  };
  std::map<std::string_view, Seen> found;
  for (const Region& region : data_regions) {
    ForEachAlignedWord(region, pointer_size,
                       [&](uint64_t address, const uint8_t* word, uint64_t words_left) {
                         if (words_left < 2) return;
                         uint64_t length = DecodeUint(word + pointer_size, pointer_size, endian);
                         if (length < kMinVersionLength || length > kMaxVersionLength) return;
                         uint64_t pointer = DecodeUint(word, pointer_size, endian);
                         auto bytes = memory.Read(pointer, length);
                         if (!bytes || ((*bytes)[0] != 'g' && (*bytes)[0] != 'd')) return;
                         std::string_view text = AsChars(*bytes);
                         if (!LooksLikeGoVersion(text)) return;
                         auto it = found.find(text);
                         if (it == found.end()) {
                           if (found.size() >= limits::kMaxGoVersionCandidates) return;
                           it = found.emplace(text, Seen{0, address}).first;
                         }
                         ++it->second.count;
                       });
  }
  const std::pair<const std::string_view, Seen>* best = nullptr;
  for (const auto& entry : found) {
    if (best == nullptr) {
      best = &entry;
      continue;
    }
    auto key = [](const auto& e) {
      return std::tuple(ReleaseRank(e.first), e.second.count, ~e.second.first_header);
    };
    if (key(entry) > key(*best)) best = &entry;
  }
  return best == nullptr ? std::string() : std::string(best->first);
}

std::vector<bool> FindModuledataReferences(const std::vector<Region>& data_regions,
                                           const std::vector<TableCandidate>& candidates) {
  std::vector<bool> referenced(candidates.size(), false);
  // One pass per (pointer size, byte order) that some candidate uses.
  for (unsigned pointer_size : {4u, 8u}) {
    for (Endian endian : {Endian::kLittle, Endian::kBig}) {
      std::vector<size_t> group;
      for (size_t i = 0; i < candidates.size(); ++i) {
        const PclntabHeader& header = candidates[i].header;
        if (header.pointer_size == pointer_size && header.endian == endian) group.push_back(i);
      }
      if (group.empty()) continue;
      for (const Region& region : data_regions) {
        ForEachAlignedWord(
            region, pointer_size, [&](uint64_t, const uint8_t* word, uint64_t words_left) {
              uint64_t value = DecodeUint(word, pointer_size, endian);
              for (size_t index : group) {
                const TableCandidate& candidate = candidates[index];
                if (value != candidate.address || referenced[index]) continue;
                auto next = [&](unsigned n) {
                  return DecodeUint(word + n * pointer_size, pointer_size, endian);
                };
                if (candidate.header.version == PclntabVersion::kGo12) {
                  referenced[index] =
                      words_left >= 4 && next(1) != 0 && next(1) == next(2) &&
                      next(3) == candidate.address + candidate.header.functab_offset;
                } else {
                  referenced[index] =
                      words_left >= 2 &&
                      next(1) == candidate.address + candidate.header.funcname_offset;
                }
              }
            });
      }
    }
  }
  return referenced;
}

std::vector<TableCandidate> FindTableCandidates(const std::vector<Region>& regions) {
  std::vector<TableCandidate> candidates;
  for (const Region& region : regions) {
    const uint8_t* data = region.bytes.data();
    size_t size = region.bytes.size();
    size_t position = 0;
    // Every magic holds three 0xff bytes: after its first byte (little endian) or before its last
    // (big endian). Each 0xff byte is looked at once by memchr and at most twice by the probe.
    while (position + 3 <= size) {
      const void* hit = std::memchr(data + position, 0xff, size - position - 2);
      if (hit == nullptr) break;
      auto offset = static_cast<size_t>(static_cast<const uint8_t*>(hit) - data);
      position = offset + 1;
      if (data[offset + 1] != 0xff || data[offset + 2] != 0xff) continue;
      std::array<size_t, 2> starts = {offset == 0 ? offset : offset - 1, offset};
      for (size_t i = offset == 0 ? 1 : 0; i < starts.size(); ++i) {
        Bytes rest = region.bytes.subspan(starts[i]);
        if (!ProbePclntabHeader(rest)) continue;
        auto header = ParsePclntabHeader(rest);
        if (!header) continue;
        candidates.push_back({region.address + starts[i], *header, rest});
        if (candidates.size() >= limits::kMaxPclntabCandidates) return candidates;
      }
    }
  }
  return candidates;
}

}  // namespace internal

std::string_view PclntabVersionName(PclntabVersion version) {
  switch (version) {
    case PclntabVersion::kGo12:
      return "1.2";
    case PclntabVersion::kGo116:
      return "1.16";
    case PclntabVersion::kGo118:
      return "1.18";
    case PclntabVersion::kGo120:
      return "1.20";
  }
  return "unknown";
}

std::string_view PackageOfFunction(std::string_view function_name) {
  for (std::string_view generated : {"type:", "go:", "type..", "gclocals"}) {
    if (function_name.starts_with(generated)) return {};
  }
  // A plain loop: find_first_of("([") calls memchr once per character, and this runs for every
  // function of every binary without build info.
  size_t end = 0;
  while (end < function_name.size() && function_name[end] != '(' && function_name[end] != '[') {
    ++end;
  }
  std::string_view prefix = function_name.substr(0, end);
  // Before Go 1.20 compiler-generated symbols began with "go." and "type." (go.shape.int,
  // go.itab.*, type..eq.T), which real import paths such as "go.uber.org/zap" also do.
  if (prefix.starts_with("go.") || prefix.starts_with("type.")) {
    size_t slash = prefix.find('/');
    if (slash == std::string_view::npos || !internal::IsDomainLike(prefix.substr(0, slash))) {
      return {};
    }
  }
  size_t last_slash = prefix.rfind('/');
  size_t dot = prefix.find('.', last_slash == std::string_view::npos ? 0 : last_slash + 1);
  if (dot == std::string_view::npos) return {};
  std::string_view path = function_name.substr(0, dot);
  return internal::IsPlausibleImportPath(path) ? path : std::string_view();
}

bool IsStandardLibraryPackage(std::string_view package_path) {
  if (package_path.starts_with("vendor/") || package_path.starts_with("cmd/vendor/")) return true;
  return package_path.substr(0, package_path.find('/')).find('.') == std::string_view::npos;
}

namespace {

using internal::Region;

// Address ranges by role: read-only data (where the table lives), code (old layouts kept the
// table in the text segment) and writable data (moduledata, runtime.buildVersion's header).
struct Layout {
  std::vector<Region> read_only;
  std::vector<Region> code;
  std::vector<Region> data;
};

std::optional<Region> RegionAt(const Executable& executable, uint64_t address, uint64_t size) {
  if (size == 0) return std::nullopt;
  auto bytes = executable.ReadAt(address, size);
  if (!bytes || bytes->empty()) return std::nullopt;
  return Region{address, *bytes};
}

Layout LayoutOf(const Executable& executable) {
  Layout layout;
  auto add = [&](uint64_t address, uint64_t size, bool writable, bool code) {
    auto region = RegionAt(executable, address, size);
    if (!region) return;
    if (writable) {
      if (!code) layout.data.push_back(*region);
    } else {
      (code ? layout.code : layout.read_only).push_back(*region);
    }
  };
  if (!executable.sections().empty()) {
    for (const Section& section : executable.sections()) {
      if (!section.allocated || section.file_size == 0) continue;
      add(section.address, std::min(section.size, section.file_size), section.writable,
          section.executable);
    }
  } else {
    for (const Segment& segment : executable.segments()) {
      if (!segment.loadable || segment.file_size == 0) continue;
      add(segment.address, std::min(segment.memory_size, segment.file_size), segment.writable,
          segment.executable);
    }
  }
  return layout;
}

struct GoSymbols {
  std::optional<uint64_t> pclntab;
  std::optional<uint64_t> epclntab;
  std::optional<uint64_t> build_version;
};

// The runtime symbols that locate the table and the version. A corrupt symbol table is treated
// as absent: the table and version are then searched for instead.
GoSymbols FindGoSymbols(const Executable& executable) {
  if (!executable.has_symbols()) return {};
  GoSymbols symbols;
  auto status = executable.ForEachSymbol([&symbols](const Symbol& symbol) {
    std::string_view name = symbol.name;
    if (name == "runtime.pclntab") {
      symbols.pclntab = symbol.address;
    } else if (name == "runtime.epclntab") {
      symbols.epclntab = symbol.address;
    } else if (name == "runtime.buildVersion") {
      symbols.build_version = symbol.address;
    }
    return !(symbols.pclntab && symbols.epclntab && symbols.build_version);
  });
  if (!status) return {};
  return symbols;
}

// runtime.buildVersion through its symbol: a Go string header {ptr, len}.
std::string ReadVersionAt(const Executable& executable, uint64_t address, unsigned pointer_size,
                          Endian endian) {
  auto header = executable.ReadAt(address, 2ULL * pointer_size);
  if (!header || header->size() < 2ULL * pointer_size) return {};
  uint64_t pointer = DecodeUint(header->data(), pointer_size, endian);
  uint64_t length = DecodeUint(header->data() + pointer_size, pointer_size, endian);
  if (length > internal::kMaxVersionLength) return {};
  auto bytes = executable.ReadAt(pointer, length);
  if (!bytes || bytes->size() < length) return {};
  std::string_view text = AsChars(bytes->first(static_cast<size_t>(length)));
  return internal::LooksLikeGoVersion(text) ? std::string(text) : std::string();
}

std::optional<Region> FindNamedTable(const Executable& executable, const GoSymbols& symbols) {
  for (std::string_view name : {".gopclntab", "__gopclntab"}) {
    const Section* section = executable.FindSection(name);
    if (section == nullptr || section->file_size == 0) continue;
    if (auto region =
            RegionAt(executable, section->address, std::min(section->size, section->file_size))) {
      return region;
    }
  }
  if (symbols.pclntab) {
    // Without runtime.epclntab the table runs to the end of its backing region.
    uint64_t size = symbols.epclntab && *symbols.epclntab > *symbols.pclntab
                        ? *symbols.epclntab - *symbols.pclntab
                        : std::numeric_limits<uint64_t>::max();
    return RegionAt(executable, *symbols.pclntab, size);
  }
  return std::nullopt;
}

}  // namespace

Result<std::optional<RecoveredGoBinary>> RecoverFromPclntab(const Executable& executable) {
  GoSymbols symbols = FindGoSymbols(executable);
  Layout layout = LayoutOf(executable);
  RecoveredGoBinary result;
  std::optional<internal::PclntabContents> contents;
  if (auto table = FindNamedTable(executable, symbols)) {
    if (!internal::ProbePclntabHeader(table->bytes)) {
      return Fail(ErrorCode::kUnsupported,
                  "Go function table at {:#x} has no Go 1.2+ header (Go 1.0/1.1 or corrupt)",
                  table->address);
    }
    auto parsed = internal::ParsePclntab(table->bytes);
    if (!parsed) {
      return tl::unexpected(std::move(parsed.error())
                                .Wrap(fmt::format("Go function table at {:#x}", table->address)));
    }
    contents = std::move(*parsed);
    result.pclntab_address = table->address;
    result.moduledata_found = internal::FindModuledataReferences(
        layout.data, {{table->address, contents->header, table->bytes}})[0];
  } else {
    for (const std::vector<Region>* regions : {&layout.read_only, &layout.code}) {
      std::vector<internal::TableCandidate> candidates = internal::FindTableCandidates(*regions);
      if (candidates.empty()) continue;
      std::vector<bool> referenced = internal::FindModuledataReferences(layout.data, candidates);
      std::optional<Error> first_error;
      for (size_t i = 0; i < candidates.size() && !contents; ++i) {
        if (!referenced[i]) continue;
        auto parsed = internal::ParsePclntab(candidates[i].bytes);
        if (parsed) {
          contents = std::move(*parsed);
          result.pclntab_address = candidates[i].address;
          result.moduledata_found = true;
        } else if (!first_error) {
          first_error = std::move(parsed.error())
                            .Wrap(fmt::format("Go function table at {:#x}", candidates[i].address));
        }
      }
      if (contents) break;
      if (first_error) return tl::unexpected(std::move(*first_error));
    }
    if (!contents) return std::nullopt;
  }
  const internal::PclntabHeader& header = contents->header;
  result.pclntab_version = header.version;
  result.package_paths = std::move(contents->package_paths);
  result.package_directories = std::move(contents->package_directories);
  result.main_source_file = std::move(contents->main_source_file);
  result.module_cache_paths = std::move(contents->module_cache_paths);
  if (symbols.build_version) {
    result.go_version =
        ReadVersionAt(executable, *symbols.build_version, header.pointer_size, header.endian);
  }
  if (result.go_version.empty()) {
    std::vector<Region> readable = layout.read_only;
    readable.insert(readable.end(), layout.code.begin(), layout.code.end());
    readable.insert(readable.end(), layout.data.begin(), layout.data.end());
    result.go_version =
        internal::FindGoVersionInData(layout.data, readable, header.pointer_size, header.endian);
  }
  return result;
}

}  // namespace scry::binary::go
