#include "scry/db/ecosystem.hpp"

#include "scry/base/strings.hpp"

namespace scry::db {

std::string_view EcosystemBase(std::string_view ecosystem) {
  return ecosystem.substr(0, ecosystem.find(':'));
}

std::string NormalizePackageName(std::string_view ecosystem, std::string_view name) {
  std::string_view base = EcosystemBase(ecosystem);
  if (base == "PyPI") {
    std::string out;
    bool separator = false;
    for (char c : name) {
      if (c == '-' || c == '_' || c == '.') {
        separator = true;
        continue;
      }
      if (separator && !out.empty()) out += '-';
      separator = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
  }
  if (base == "NuGet" || base == "Packagist" || base == "Hex") return strings::ToLower(name);
  return std::string(name);
}

}  // namespace scry::db
