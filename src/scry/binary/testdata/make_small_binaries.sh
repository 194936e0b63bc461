#!/bin/sh
# Builds the small executables used by executable_test.cpp from small.c with clang and lld
# (Debian: clang-14, lld-14, llvm-14) into OUT_DIR. Each has a static symbol table with `start`,
# `counter` and `version`, a pointer to the string "go1.19.8". CMake runs this at build time.
# Usage: make_small_binaries.sh OUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make_small_binaries.sh OUT_DIR}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src="$here/small.c"
clang-14 -target i686-linux-gnu -O1 -c "$src" -o "$tmp/elf32.o"
ld.lld-14 -e start -o "$out/elf32-i386" "$tmp/elf32.o"
clang-14 -target powerpc64-linux-gnu -O1 -c "$src" -o "$tmp/ppc64.o"
ld.lld-14 -e start -o "$out/elf64-ppc64be" "$tmp/ppc64.o"
clang-14 -target i686-pc-windows-msvc -O1 -c "$src" -o "$tmp/pe32.o"
lld-link-14 /Brepro /entry:start /subsystem:console /nodefaultlib /debug:symtab "/out:$out/pe32-i386.exe" \
  "$tmp/pe32.o"
clang-14 -target x86_64-pc-windows-msvc -O1 -c "$src" -o "$tmp/pe64.o"
lld-link-14 /Brepro /entry:start /subsystem:console /nodefaultlib /debug:symtab \
  "/out:$out/pe32plus-amd64.exe" "$tmp/pe64.o"
for arch in x86_64 arm64; do
  clang-14 -target $arch-apple-macos11 -O1 -c "$src" -o "$tmp/$arch.o"
  ld64.lld-14 -arch $arch -platform_version macos 11.0 11.0 -e _start -o "$tmp/macho-$arch" "$tmp/$arch.o"
done
llvm-lipo-14 -create "$tmp/macho-x86_64" "$tmp/macho-arm64" -output "$out/macho-universal"
