// NDB Packages.db reader (rpm's lib/backend/ndb/rpmpkg.c layout; little-endian throughout):
//   header (32 bytes): "RpmP", version 0, generation, slot page count, next package index;
//   slot pages (4096 bytes each, the header takes the first two slots of page 0): 16-byte
//   slots {"Slot", pkgidx, blkoff, blkcnt}, blkoff 0 = free;
//   blobs at blkoff*16, blkcnt 16-byte blocks: {"BlbS", pkgidx, timestamp, length}, the header
//   blob, zero padding, {adler32 of everything before, length, "BlbE"}.
#include <algorithm>

#include "scry/analyzer/pkg/rpm/rpmdb.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg::rpm {
namespace {

constexpr uint32_t Magic(const char (&text)[5]) {
  return static_cast<uint32_t>(static_cast<uint8_t>(text[0])) |
         static_cast<uint32_t>(static_cast<uint8_t>(text[1])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(text[2])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(text[3])) << 24;
}

constexpr uint32_t kDbMagic = Magic("RpmP");
constexpr uint32_t kSlotMagic = Magic("Slot");
constexpr uint32_t kBlobHeadMagic = Magic("BlbS");
constexpr uint32_t kBlobTailMagic = Magic("BlbE");
constexpr uint64_t kHeaderSize = 32;
constexpr uint64_t kSlotSize = 16;
constexpr uint64_t kBlockSize = 16;
constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kBlobHeadSize = 16;
constexpr uint64_t kBlobTailSize = 12;
constexpr uint64_t kMaxBlobSize =
    8 + 16 * uint64_t{limits::kMaxRpmHeaderEntries} + limits::kMaxRpmHeaderDataSize;

uint32_t Le32(const uint8_t* p) { return static_cast<uint32_t>(DecodeUint(p, 4, Endian::kLittle)); }

// RFC 1950 Adler-32, as rpmpkg.c computes it.
uint32_t Adler32(Bytes data) {
  uint32_t a = 1;
  uint32_t b = 0;
  while (!data.empty()) {
    size_t chunk = std::min<size_t>(data.size(), 5552);
    for (size_t i = 0; i < chunk; ++i) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
    data = data.subspan(chunk);
  }
  return (b << 16) | a;
}

struct Slot {
  uint64_t number;
  uint32_t index;
  uint64_t block_offset;
  uint64_t block_count;
};

}  // namespace

Result<std::vector<RpmDbBlob>> ReadNdbPackages(Bytes file) {
  if (file.size() < kHeaderSize || Le32(file.data()) != kDbMagic) {
    return Fail(ErrorCode::kInvalidInput, "not an NDB package database (no RpmP header)");
  }
  if (uint32_t version = Le32(file.data() + 4); version != 0) {
    return Fail(ErrorCode::kUnsupported, "NDB package database version {} (0 supported)", version);
  }
  if (file.size() % kBlockSize != 0) {
    return Fail(ErrorCode::kInvalidInput, "NDB file size {} is not a multiple of {} (truncated?)",
                file.size(), kBlockSize);
  }
  uint64_t file_blocks = file.size() / kBlockSize;
  uint64_t slot_pages = Le32(file.data() + 12);
  if (slot_pages == 0 || slot_pages * kPageSize > file.size()) {
    return Fail(ErrorCode::kInvalidInput, "NDB header claims {} slot pages in a {}-byte file",
                slot_pages, file.size());
  }
  uint64_t first_data_block = slot_pages * (kPageSize / kBlockSize);

  std::vector<Slot> slots;
  for (uint64_t offset = kHeaderSize; offset < slot_pages * kPageSize; offset += kSlotSize) {
    const uint8_t* raw = file.data() + offset;
    uint64_t number = offset / kSlotSize;
    if (Le32(raw) != kSlotMagic) {
      return Fail(ErrorCode::kInvalidInput, "NDB slot {} has a bad magic", number);
    }
    Slot slot{number, Le32(raw + 4), Le32(raw + 8), Le32(raw + 12)};
    if (slot.block_offset == 0) continue;  // free slot
    if (slot.index == 0 || slot.block_count == 0 || slot.block_offset < first_data_block) {
      return Fail(ErrorCode::kInvalidInput, "NDB slot {} is invalid (package {}, block {}+{})",
                  number, slot.index, slot.block_offset, slot.block_count);
    }
    if (slot.block_offset + slot.block_count > file_blocks) {
      return Fail(ErrorCode::kInvalidInput,
                  "NDB slot {}: package {} lies past the end of the file (truncated?)", number,
                  slot.index);
    }
    slots.push_back(slot);
  }
  if (slots.size() > limits::kMaxRpmPackages) {
    return Fail(ErrorCode::kLimitExceeded, "more than {} packages", limits::kMaxRpmPackages);
  }
  // rpm lists packages in the order their blobs are stored.
  std::sort(slots.begin(), slots.end(),
            [](const Slot& a, const Slot& b) { return a.block_offset < b.block_offset; });

  std::vector<RpmDbBlob> blobs;
  blobs.reserve(slots.size());
  for (const Slot& slot : slots) {
    Bytes blob = file.subspan(slot.block_offset * kBlockSize, slot.block_count * kBlockSize);
    if (blob.size() < kBlobHeadSize + kBlobTailSize) {
      return Fail(ErrorCode::kInvalidInput, "NDB package {}: blob of {} blocks is too small",
                  slot.index, slot.block_count);
    }
    if (Le32(blob.data()) != kBlobHeadMagic || Le32(blob.data() + 4) != slot.index) {
      return Fail(ErrorCode::kInvalidInput, "NDB package {}: bad blob header at block {}",
                  slot.index, slot.block_offset);
    }
    uint64_t length = Le32(blob.data() + 12);
    if (length > kMaxBlobSize) {
      return Fail(ErrorCode::kLimitExceeded, "NDB package {}: blob of {} bytes (limit {})",
                  slot.index, length, kMaxBlobSize);
    }
    if (slot.block_count !=
        (kBlobHeadSize + length + kBlobTailSize + kBlockSize - 1) / kBlockSize) {
      return Fail(ErrorCode::kInvalidInput,
                  "NDB package {}: blob length {} does not fit its {} blocks", slot.index, length,
                  slot.block_count);
    }
    const uint8_t* tail = blob.data() + blob.size() - kBlobTailSize;
    if (Le32(tail + 4) != length || Le32(tail + 8) != kBlobTailMagic) {
      return Fail(ErrorCode::kInvalidInput, "NDB package {}: bad blob trailer", slot.index);
    }
    if (Adler32(blob.first(blob.size() - kBlobTailSize)) != Le32(tail)) {
      return Fail(ErrorCode::kInvalidInput, "NDB package {}: checksum mismatch", slot.index);
    }
    const uint8_t* data = blob.data() + kBlobHeadSize;
    blobs.push_back({slot.index, std::vector<uint8_t>(data, data + length)});
  }
  return blobs;
}

}  // namespace scry::analyzer::pkg::rpm
