#include "scry/walker/glob.hpp"

#include <fnmatch.h>

namespace scry::walker {
namespace {

std::vector<std::string> Elements(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view element = path.substr(start, end - start);
    if (!element.empty() && element != ".") out.emplace_back(element);
    start = end + 1;
  }
  return out;
}

bool MatchElements(const std::vector<std::string>& pattern, size_t p,
                   const std::vector<std::string>& path, size_t i) {
  while (p < pattern.size()) {
    if (pattern[p] == "**") {
      // Collapse repeated `**` elements: they mean the same and would cost exponential time.
      while (p + 1 < pattern.size() && pattern[p + 1] == "**") ++p;
      for (size_t skip = i; skip <= path.size(); ++skip) {
        if (MatchElements(pattern, p + 1, path, skip)) return true;
      }
      return false;
    }
    if (i >= path.size()) return false;
    if (::fnmatch(pattern[p].c_str(), path[i].c_str(), 0) != 0) return false;
    ++p;
    ++i;
  }
  return i == path.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view path) {
  return MatchElements(Elements(pattern), 0, Elements(path), 0);
}

bool GlobMatchAny(const std::vector<std::string>& patterns, std::string_view path) {
  for (const std::string& pattern : patterns) {
    if (GlobMatch(pattern, path)) return true;
  }
  return false;
}

}  // namespace scry::walker
