// Berkeley DB hash database reader (read-only, in memory). Page layout from Berkeley DB's
// dbinc/db_page.h: every page starts with a 26-byte header {lsn[8], pgno u32 @8, prev u32 @12,
// next u32 @16, entries u16 @20, hf_offset u16 @22, level u8 @24, type u8 @25}; hash pages
// hold an index of item offsets after it, items grow down from the page end, keys and values
// alternate. The metadata page (page 0) holds the page size, bucket count and the "spares"
// table mapping a bucket to its page.
#include <bit>
#include <cstring>

#include "scry/analyzer/pkg/rpm/rpmdb.hpp"
#include "scry/base/limits.hpp"

namespace scry::analyzer::pkg::rpm {
namespace {

constexpr uint32_t kHashMagic = 0x061561;
constexpr uint32_t kBtreeMagic = 0x053162;
constexpr uint64_t kPageHeaderSize = 26;
constexpr uint8_t kPageInvalid = 0;
constexpr uint8_t kPageHashUnsorted = 2;
constexpr uint8_t kPageOverflow = 7;
constexpr uint8_t kPageHash = 13;
constexpr uint8_t kItemKeyData = 1;
constexpr uint8_t kItemDuplicate = 2;
constexpr uint8_t kItemOffPage = 3;
constexpr uint8_t kItemOffDuplicate = 4;
// The largest blob a valid header can be (rpm_header.hpp limits), so that one overflow chain
// cannot claim more memory than a header may use.
constexpr uint64_t kMaxValueSize =
    8 + 16 * uint64_t{limits::kMaxRpmHeaderEntries} + limits::kMaxRpmHeaderDataSize;

class HashDb {
 public:
  static Result<HashDb> Open(Bytes file);
  Result<std::vector<RpmDbBlob>> ReadAll();

 private:
  HashDb(Bytes file, Endian endian) : file_(file), endian_(endian) {}

  uint32_t U32(Bytes page, size_t offset) const {
    return static_cast<uint32_t>(DecodeUint(page.data() + offset, 4, endian_));
  }
  uint16_t U16(Bytes page, size_t offset) const {
    return static_cast<uint16_t>(DecodeUint(page.data() + offset, 2, endian_));
  }
  Result<Bytes> Page(uint64_t pgno) const;
  // One item of a hash page: its bytes, following overflow chains.
  Result<std::vector<uint8_t>> Item(Bytes page, uint64_t pgno, size_t offset, size_t length);
  Result<std::vector<uint8_t>> Overflow(uint32_t first, uint64_t total);

  Bytes file_;
  Endian endian_;
  uint32_t page_size_ = 0;
  uint64_t page_count_ = 0;
  uint32_t max_bucket_ = 0;
  uint32_t spares_[32] = {};
  std::vector<bool> bucket_page_seen_;
  std::vector<uint32_t> overflow_stamp_;  // chain number that last visited each page
  uint32_t chain_ = 0;
};

Result<HashDb> HashDb::Open(Bytes file) {
  if (file.size() < 512) {
    return Fail(ErrorCode::kInvalidInput, "Berkeley DB file of {} bytes is too short", file.size());
  }
  uint32_t magic_le = static_cast<uint32_t>(DecodeUint(file.data() + 12, 4, Endian::kLittle));
  uint32_t magic_be = static_cast<uint32_t>(DecodeUint(file.data() + 12, 4, Endian::kBig));
  Endian endian;
  if (magic_le == kHashMagic) {
    endian = Endian::kLittle;
  } else if (magic_be == kHashMagic) {
    endian = Endian::kBig;
  } else if (magic_le == kBtreeMagic || magic_be == kBtreeMagic) {
    return Fail(ErrorCode::kUnsupported, "Berkeley DB btree database, not a hash Packages file");
  } else {
    return Fail(ErrorCode::kInvalidInput, "not a Berkeley DB hash database (bad magic)");
  }
  HashDb db(file, endian);
  Bytes meta = file.first(512);
  uint32_t version = db.U32(meta, 16);
  if (version < 8 || version > 10) {
    return Fail(ErrorCode::kUnsupported, "Berkeley DB hash version {} (8 to 10 supported)",
                version);
  }
  if (meta[24] != 0) return Fail(ErrorCode::kUnsupported, "encrypted Berkeley DB database");
  db.page_size_ = db.U32(meta, 20);
  if (db.page_size_ < 512 || db.page_size_ > 65536 || !std::has_single_bit(db.page_size_)) {
    return Fail(ErrorCode::kInvalidInput, "Berkeley DB page size {} is invalid", db.page_size_);
  }
  db.page_count_ = file.size() / db.page_size_;
  db.max_bucket_ = db.U32(meta, 72);
  if (db.max_bucket_ >= db.page_count_) {
    return Fail(ErrorCode::kInvalidInput, "Berkeley DB claims {} buckets but has only {} pages",
                uint64_t{db.max_bucket_} + 1, db.page_count_);
  }
  for (size_t i = 0; i < 32; ++i) db.spares_[i] = db.U32(meta, 96 + 4 * i);
  db.bucket_page_seen_.assign(db.page_count_, false);
  db.overflow_stamp_.assign(db.page_count_, 0);
  return db;
}

Result<Bytes> HashDb::Page(uint64_t pgno) const {
  if (pgno == 0 || pgno >= page_count_) {
    return Fail(ErrorCode::kInvalidInput, "page {} is outside the file ({} pages; truncated?)",
                pgno, page_count_);
  }
  Bytes page = file_.subspan(pgno * page_size_, page_size_);
  if (U32(page, 8) != pgno) {
    return Fail(ErrorCode::kInvalidInput, "page {} says it is page {}", pgno, U32(page, 8));
  }
  return page;
}

Result<std::vector<uint8_t>> HashDb::Overflow(uint32_t first, uint64_t total) {
  if (total == 0 || total > kMaxValueSize) {
    return Fail(ErrorCode::kLimitExceeded, "overflow item of {} bytes (limit {})", total,
                kMaxValueSize);
  }
  ++chain_;
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(std::min<uint64_t>(total, page_count_ * page_size_)));
  uint64_t pgno = first;
  while (out.size() < total) {
    if (pgno == 0) {
      return Fail(ErrorCode::kInvalidInput, "overflow chain from page {} ends after {} of {} bytes",
                  first, out.size(), total);
    }
    SCRY_TRY(Bytes page, Page(pgno));
    if (overflow_stamp_[pgno] == chain_) {
      return Fail(ErrorCode::kInvalidInput, "overflow chain from page {} loops at page {}", first,
                  pgno);
    }
    overflow_stamp_[pgno] = chain_;
    if (page[25] != kPageOverflow) {
      return Fail(ErrorCode::kInvalidInput, "page {} in an overflow chain has type {}", pgno,
                  page[25]);
    }
    uint64_t length = U16(page, 22);
    if (length == 0 || kPageHeaderSize + length > page_size_ || length > total - out.size()) {
      return Fail(ErrorCode::kInvalidInput, "overflow page {} holds {} bytes", pgno, length);
    }
    Bytes chunk = page.subspan(kPageHeaderSize, length);
    out.insert(out.end(), chunk.begin(), chunk.end());
    pgno = U32(page, 16);
  }
  return out;
}

Result<std::vector<uint8_t>> HashDb::Item(Bytes page, uint64_t pgno, size_t offset, size_t length) {
  uint8_t type = page[offset];
  if (type == kItemKeyData) {
    Bytes data = page.subspan(offset + 1, length - 1);
    return std::vector<uint8_t>(data.begin(), data.end());
  }
  if (type == kItemOffPage) {
    if (length != 12) {
      return Fail(ErrorCode::kInvalidInput, "page {}: off-page item of {} bytes", pgno, length);
    }
    return Overflow(U32(page, offset + 4), U32(page, offset + 8));
  }
  if (type == kItemDuplicate || type == kItemOffDuplicate) {
    return Fail(ErrorCode::kUnsupported, "page {}: duplicate items (not an rpm Packages file)",
                pgno);
  }
  return Fail(ErrorCode::kInvalidInput, "page {}: item of unknown type {}", pgno, type);
}

Result<std::vector<RpmDbBlob>> HashDb::ReadAll() {
  std::vector<RpmDbBlob> blobs;
  for (uint64_t bucket = 0; bucket <= max_bucket_; ++bucket) {
    auto split = static_cast<unsigned>(std::bit_width(bucket));
    uint64_t pgno = split < 32 ? bucket + spares_[split] : 0;
    if (pgno == 0) {
      return Fail(ErrorCode::kInvalidInput, "bucket {} maps to no page", bucket);
    }
    while (pgno != 0) {
      if (pgno >= page_count_) {
        return Fail(ErrorCode::kInvalidInput,
                    "bucket {} refers to page {} outside the file ({} pages; truncated?)", bucket,
                    pgno, page_count_);
      }
      if (bucket_page_seen_[pgno]) {
        return Fail(ErrorCode::kInvalidInput, "bucket {}: page {} is reached twice", bucket, pgno);
      }
      bucket_page_seen_[pgno] = true;
      Bytes raw = file_.subspan(pgno * page_size_, page_size_);
      // A bucket page that was allocated but never written reads as zeros: an empty bucket.
      if (raw[25] == kPageInvalid && U32(raw, 8) == 0 && U32(raw, 16) == 0 && U16(raw, 20) == 0) {
        break;
      }
      SCRY_TRY(Bytes page, Page(pgno));
      if (page[25] != kPageHash && page[25] != kPageHashUnsorted) {
        return Fail(ErrorCode::kInvalidInput, "bucket {}: page {} has type {}, not a hash page",
                    bucket, pgno, page[25]);
      }
      uint64_t entries = U16(page, 20);
      uint64_t index_end = kPageHeaderSize + 2 * entries;
      if (entries % 2 != 0 || index_end > page_size_) {
        return Fail(ErrorCode::kInvalidInput, "page {}: {} entries do not form key/value pairs",
                    pgno, entries);
      }
      uint64_t previous = page_size_;
      std::vector<uint8_t> key;
      for (uint64_t i = 0; i < entries; ++i) {
        uint64_t offset = U16(page, kPageHeaderSize + 2 * i);
        if (offset < index_end || offset >= previous) {
          return Fail(ErrorCode::kInvalidInput, "page {}: item {} has offset {}", pgno, i, offset);
        }
        SCRY_TRY(auto item, Item(page, pgno, offset, previous - offset));
        previous = offset;
        if (i % 2 == 0) {
          key = std::move(item);
          continue;
        }
        if (key.size() != 4) {
          return Fail(ErrorCode::kInvalidInput, "page {}: key of {} bytes, not a package index",
                      pgno, key.size());
        }
        auto index = static_cast<uint32_t>(DecodeUint(key.data(), 4, endian_));
        if (index == 0) continue;  // rpm < 4.16 kept its next free index under key 0
        if (blobs.size() >= limits::kMaxRpmPackages) {
          return Fail(ErrorCode::kLimitExceeded, "more than {} packages", limits::kMaxRpmPackages);
        }
        blobs.push_back({index, std::move(item)});
      }
      pgno = U32(page, 16);
    }
  }
  return blobs;
}

}  // namespace

Result<std::vector<RpmDbBlob>> ReadBerkeleyDbPackages(Bytes file) {
  SCRY_TRY(HashDb db, HashDb::Open(file));
  return db.ReadAll();
}

}  // namespace scry::analyzer::pkg::rpm
