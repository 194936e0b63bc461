// Reading YAML into a small tree with libyaml's event parser: depth, node count and size limited,
// aliases refused (they are how "billion laughs" documents grow), no exceptions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scry/base/error.hpp"

namespace scry::formats::yaml {

struct Entry;

// One node of a YAML document. Mapping keys must be scalars; their order is kept.
struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  std::string scalar;  // kScalar: the text as written (tags are not applied)
  std::vector<Node> items;
  std::vector<Entry> entries;  // kMapping
  size_t line = 0;             // 1-based line where the node starts, for messages

  bool IsNull() const { return kind == Kind::kNull; }
  // The first entry named `key` of a mapping; null for other kinds or when absent.
  const Node* Find(std::string_view key) const;
};

// A mapping entry: `first` is the key, `second` the value (as in a std::pair, which cannot hold
// the still incomplete Node).
struct Entry {
  std::string first;
  Node second;
};

struct Limits {
  size_t max_depth = 64;
  size_t max_nodes = 4u << 20;
  size_t max_bytes = 64u << 20;
};

// Parses the first document of `text`. A plain scalar that is empty, "~" or "null" is kNull.
// kInvalidInput (with libyaml's reason and line) for malformed YAML, non-scalar mapping keys and
// aliases; kLimitExceeded past `limits`. Pure.
Result<Node> Parse(std::string_view text, const Limits& limits = {});

}  // namespace scry::formats::yaml
