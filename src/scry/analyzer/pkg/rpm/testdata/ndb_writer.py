#!/usr/bin/env python3
"""Writes an rpm NDB Packages.db holding the given header blobs, from the layout in rpm's
lib/backend/ndb/rpmpkg.c (no Debian tool writes NDB): a 32-byte header {"RpmP", version 0,
generation, slot page count, next package index}, slot pages of 16-byte slots
{"Slot", pkgidx, blkoff, blkcnt} (blkoff 0 = free), then each blob in 16-byte blocks framed by
{"BlbS", pkgidx, timestamp, length} ... zero padding ... {adler32, length, "BlbE"}.
Usage: ndb_writer.py BLOB_DIR OUT   (BLOB_DIR holds one file per package, named by its index)"""
import os
import struct
import sys
import zlib

PAGE, BLOCK, SLOT = 4096, 16, 16


def main():
    blob_dir, out = sys.argv[1], sys.argv[2]
    blobs = {int(n): open(os.path.join(blob_dir, n), "rb").read() for n in os.listdir(blob_dir)}
    indexes = sorted(blobs)
    slot_pages = 1
    data = bytearray()
    slots = []
    block = slot_pages * PAGE // BLOCK
    # Store blobs in reverse index order so that storage order differs from slot order.
    for idx in reversed(indexes):
        blob = blobs[idx]
        count = (16 + len(blob) + 12 + BLOCK - 1) // BLOCK
        head = struct.pack("<4sIII", b"BlbS", idx, 1700000000, len(blob))
        pad = b"\0" * (count * BLOCK - 16 - len(blob) - 12)
        body = head + blob + pad
        tail = struct.pack("<II4s", zlib.adler32(body), len(blob), b"BlbE")
        slots.append((idx, block, count))
        data += body + tail
        block += count
    page = bytearray(struct.pack("<4sIIII", b"RpmP", 0, 1, slot_pages, max(indexes) + 1))
    page += b"\0" * (32 - len(page))
    entries = [None] + sorted(slots)  # slot 2 stays free
    for i in range(PAGE // SLOT - 2):
        if i < len(entries) and entries[i] is not None:
            page += struct.pack("<4sIII", b"Slot", *entries[i])
        else:
            page += struct.pack("<4sIII", b"Slot", 0, 0, 0)
    with open(out, "wb") as f:
        f.write(page + data)


if __name__ == "__main__":
    main()
