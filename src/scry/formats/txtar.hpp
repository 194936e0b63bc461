// The txtar archive format used for test fixtures and goldens (golang.org/x/tools/txtar): a free
// comment, then files, each introduced by a line "-- NAME --". Parsing never fails: text before
// the first marker is the comment, and a file's content runs to the next marker.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry::formats {

struct TxtarFile {
  std::string name;
  std::string content;
};

struct Txtar {
  std::string comment;
  std::vector<TxtarFile> files;
  // The content of the file called `name`, or nullptr.
  const std::string* Find(std::string_view name) const;
};

Txtar ParseTxtar(std::string_view text);
std::string FormatTxtar(const Txtar& archive);

}  // namespace scry::formats
