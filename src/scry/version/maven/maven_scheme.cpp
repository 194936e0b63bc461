#include "scry/version/maven/maven_scheme.hpp"

#include <string>
#include <vector>

#include "scry/version/version_internal.hpp"

namespace scry::version {
namespace {

using internal::IsDigit;
using internal::Three;

constexpr std::string_view kName = "maven";

// One item of ComparableVersion. A version is a chain of lists in which every list's only
// sublist is its last item (parsing never returns to an outer list), so the whole tree is stored
// flat: a kList item ends the current list and the items after it form the nested list. That turns
// the Java recursion into loops, whatever the nesting depth.
enum class Kind { kNumber, kString, kList };

struct Item {
  Kind kind;
  std::string value;  // kNumber: digits without leading zeros ("" = 0); kString: the qualifier
};

// Index of a qualifier in ComparableVersion.QUALIFIERS after aliasing, 7 for unknown ones.
// comparableQualifier() compares "0".."6" and "7-<qualifier>" as strings, which is this index
// first and the qualifier text second.
constexpr int kReleaseIndex = 5;
constexpr int kUnknownIndex = 7;

int QualifierIndex(std::string_view qualifier) {
  constexpr std::string_view kQualifiers[] = {"alpha",    "beta", "milestone", "rc",
                                              "snapshot", "",     "sp"};
  for (int i = 0; i < 7; ++i) {
    if (qualifier == kQualifiers[i]) return i;
  }
  return kUnknownIndex;
}

bool IsNull(const Item& item) {
  if (item.kind == Kind::kNumber) return item.value.empty();
  return item.kind == Kind::kString && QualifierIndex(item.value) == kReleaseIndex;
}

Item MakeString(std::string value, bool followed_by_digit) {
  if (followed_by_digit && value.size() == 1) {
    if (value == "a") value = "alpha";
    if (value == "b") value = "beta";
    if (value == "m") value = "milestone";
  }
  if (value == "ga" || value == "final" || value == "release") value.clear();
  if (value == "cr") value = "rc";
  return Item{Kind::kString, std::move(value)};
}

Item MakeItem(bool is_digit, std::string_view text) {
  if (is_digit) return Item{Kind::kNumber, std::string(internal::StripLeadingZeros(text))};
  return MakeString(std::string(text), false);
}

// ComparableVersion.parseVersion over lists kept on a stack (innermost last), then flattened.
std::vector<Item> Tokenize(std::string_view version) {
  std::vector<std::vector<Item>> lists(1);
  auto open_list = [&lists] { lists.emplace_back(); };
  bool is_digit = false;
  size_t start = 0;
  for (size_t i = 0; i < version.size(); ++i) {
    char c = version[i];
    if (c == '.' || c == '-') {
      if (i == start) {
        lists.back().push_back(Item{Kind::kNumber, ""});
      } else {
        lists.back().push_back(MakeItem(is_digit, version.substr(start, i - start)));
      }
      start = i + 1;
      if (c == '-') open_list();
    } else if (IsDigit(c)) {
      if (!is_digit && i > start) {
        // 1.0.0.X1 < 1.0.0-X2: a qualifier after other items starts a list, as after '-'.
        if (!lists.back().empty()) open_list();
        lists.back().push_back(MakeString(std::string(version.substr(start, i - start)), true));
        start = i;
        open_list();
      }
      is_digit = true;
    } else {
      if (is_digit && i > start) {
        lists.back().push_back(MakeItem(true, version.substr(start, i - start)));
        start = i;
        open_list();
      }
      is_digit = false;
    }
  }
  if (version.size() > start) {
    if (!is_digit && !lists.back().empty()) open_list();
    lists.back().push_back(MakeItem(is_digit, version.substr(start)));
  }

  // ListItem.normalize(), innermost list first: drop trailing null items; a non-empty sublist
  // does not stop the trimming of the items before it.
  bool child = false;  // whether the list being normalized still has a (non-empty) sublist
  for (size_t level = lists.size(); level-- > 0;) {
    std::vector<Item>& list = lists[level];
    size_t keep = list.size();
    while (keep > 0 && IsNull(list[keep - 1])) --keep;
    list.resize(keep);
    if (child) list.push_back(Item{Kind::kList, ""});
    child = !list.empty();
  }
  std::vector<Item> flat;
  for (auto& list : lists) {
    for (auto& item : list) flat.push_back(std::move(item));
    if (flat.empty() || flat.back().kind != Kind::kList) break;
  }
  return flat;
}

// Item.compareTo(null) of a scalar: how it compares with nothing (1 == 1.0, 1-rc < 1, 1-sp > 1).
int CompareWithNothing(const Item& item) {
  if (item.kind == Kind::kNumber) return item.value.empty() ? 0 : 1;
  return Three(QualifierIndex(item.value), kReleaseIndex);
}

int CompareScalars(const Item& a, const Item& b) {
  if (a.kind == Kind::kNumber && b.kind == Kind::kNumber) {
    return internal::CompareNumeric(a.value, b.value);
  }
  if (a.kind != b.kind) return a.kind == Kind::kNumber ? 1 : -1;  // 1.1 > 1-sp
  int ia = QualifierIndex(a.value);
  int ib = QualifierIndex(b.value);
  if (ia != ib || ia != kUnknownIndex) return Three(ia, ib);
  return internal::Sign(a.value.compare(b.value));
}

// ListItem.compareTo(null) for the items from `i` on (MNG-6964: every item counts, not only the
// first), nested lists included.
int RestWithNothing(const std::vector<Item>& items, size_t i) {
  for (; i < items.size(); ++i) {
    if (items[i].kind == Kind::kList) continue;
    if (int c = CompareWithNothing(items[i])) return c;
  }
  return 0;
}

int CompareItems(const std::vector<Item>& a, const std::vector<Item>& b) {
  size_t i = 0;
  size_t j = 0;
  while (true) {
    bool a_end = i == a.size();
    bool b_end = j == b.size();
    if (a_end && b_end) return 0;
    if (a_end || b_end) {
      // One side ran out: the other's remaining items compare with nothing (Java's null).
      const Item& item = a_end ? b[j] : a[i];
      int c = item.kind == Kind::kList ? RestWithNothing(a_end ? b : a, (a_end ? j : i) + 1)
                                       : CompareWithNothing(item);
      if (c != 0 || item.kind == Kind::kList) return a_end ? -c : c;
      if (a_end) {
        ++j;
      } else {
        ++i;
      }
      continue;
    }
    const Item& x = a[i];
    const Item& y = b[j];
    if (x.kind == Kind::kList || y.kind == Kind::kList) {
      if (x.kind == y.kind) {
        // Both lists are the last items of their lists: compare them in place of the parents.
        ++i;
        ++j;
        continue;
      }
      // A list is below a number (1-1 < 1.0.x) and above a qualifier (1-1 > 1-sp).
      const Item& scalar = x.kind == Kind::kList ? y : x;
      int list_vs_scalar = scalar.kind == Kind::kNumber ? -1 : 1;
      return x.kind == Kind::kList ? list_vs_scalar : -list_vs_scalar;
    }
    if (int c = CompareScalars(x, y)) return c;
    ++i;
    ++j;
  }
}

}  // namespace

Result<std::unique_ptr<ParsedVersion>> MavenScheme::Parse(std::string_view text) const {
  SCRY_CHECK(internal::CheckLength(kName, text));
  if (text.empty()) return internal::Invalid(kName, text, "empty version");
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) {
      return internal::Invalid(kName, text, "white space, control or non-ASCII character");
    }
  }
  return internal::MakeParsed(text, Tokenize(internal::ToLowerAscii(text)));
}

int MavenScheme::Compare(const ParsedVersion& a, const ParsedVersion& b) const {
  return CompareItems(internal::PartsOf<std::vector<Item>>(a),
                      internal::PartsOf<std::vector<Item>>(b));
}

}  // namespace scry::version
