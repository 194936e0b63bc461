// Test driver for the image reader (artifact/image): opens an image as `scry image` will and
// prints what it found as JSON, so that image_inputs_test.py can compare it with what it built
// and with `skopeo inspect`. Not installed; exit code 1 with {"error": ...} when Open or a layer
// walk fails.
//   image_probe INPUT [--platform P] [--temp-dir D] [--max-layer-bytes N] [--counts-only]
//                     [--threads N]
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "scry/artifact/image/image.hpp"
#include "scry/base/sha256.hpp"

namespace {

using nlohmann::ordered_json;
using scry::archive::TarEntry;

const char* TypeName(TarEntry::Type type) {
  switch (type) {
    case TarEntry::Type::kRegular:
      return "file";
    case TarEntry::Type::kDirectory:
      return "dir";
    case TarEntry::Type::kSymlink:
      return "symlink";
    case TarEntry::Type::kHardlink:
      return "hardlink";
    case TarEntry::Type::kOther:
      return "other";
  }
  return "?";
}

int Error(const scry::Error& error) {
  ordered_json out;
  out["error"] = error.ToString();
  out["code"] = std::string(scry::ErrorCodeName(error.code()));
  std::cout << out.dump(2) << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  scry::artifact::image::OpenOptions options;
  bool counts_only = false;
  size_t threads = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--platform") {
      options.platform = next();
    } else if (arg == "--temp-dir") {
      options.temp_dir = next();
    } else if (arg == "--max-layer-bytes") {
      options.max_layer_bytes = std::stoull(next());
    } else if (arg == "--counts-only") {
      counts_only = true;
    } else if (arg == "--threads") {
      threads = std::stoul(next());
    } else {
      options.input = arg;
    }
  }
  auto image = scry::artifact::image::Image::Open(options);
  if (!image) return Error(image.error());
  const auto& info = (*image)->info();
  ordered_json out;
  out["name"] = info.name;
  out["image_id"] = info.image_id;
  out["repo_tags"] = info.repo_tags;
  out["os"] = info.os;
  out["architecture"] = info.architecture;
  out["variant"] = info.variant;
  out["diff_ids"] = info.config.diff_ids;
  out["history"] = ordered_json::array();
  for (const auto& entry : info.config.history) {
    out["history"].push_back(
        {{"created_by", entry.created_by}, {"empty_layer", entry.empty_layer}});
  }
  std::vector<ordered_json> layers(info.layers.size());
  std::vector<std::optional<scry::Error>> errors(info.layers.size());
  auto walk = [&](size_t index) {
    ordered_json& layer = layers[index];
    layer["digest"] = info.layers[index].digest;
    layer["diff_id"] = info.layers[index].diff_id;
    layer["media_type"] = info.layers[index].media_type;
    layer["size"] = info.layers[index].size;
    ordered_json entries = ordered_json::array();
    uint64_t files = 0;
    scry::archive::TarWalkReport report;
    auto status = (*image)->WalkLayer(
        index,
        [&](const TarEntry& entry, scry::archive::EntryReader& reader) -> scry::Status {
          ++files;
          if (counts_only) return scry::Ok();
          scry::Sha256 hash;
          std::vector<uint8_t> buffer(1 << 16);
          uint64_t size = 0;
          while (true) {
            SCRY_TRY(size_t read, reader.Read(buffer));
            if (read == 0) break;
            hash.Update(std::span<const uint8_t>(buffer).first(read));
            size += read;
          }
          ordered_json item{
              {"path", entry.path}, {"type", TypeName(entry.type)}, {"mode", entry.mode & 07777}};
          if (entry.type == TarEntry::Type::kRegular) {
            item["size"] = size;
            item["sha256"] = hash.FinishHex();
          }
          if (!entry.link_target.empty()) item["link"] = entry.link_target;
          entries.push_back(std::move(item));
          return scry::Ok();
        },
        &report);
    if (!status) {
      errors[index] = status.error();
      return;
    }
    layer["entry_count"] = files;
    layer["skipped"] = report.skipped;
    layer["end_marker"] = report.end_marker;
    layer["warnings"] = report.warnings;
    if (!counts_only) layer["entries"] = std::move(entries);
  };
  std::vector<std::thread> pool;
  std::atomic<size_t> next{0};
  for (size_t t = 0; t < std::max<size_t>(1, threads); ++t) {
    pool.emplace_back([&]() {
      for (size_t i = next++; i < layers.size(); i = next++) walk(i);
    });
  }
  for (auto& thread : pool) thread.join();
  for (const auto& error : errors) {
    if (error) return Error(*error);
  }
  out["layers"] = layers;
  std::cout << out.dump(2) << "\n";
  return 0;
}
