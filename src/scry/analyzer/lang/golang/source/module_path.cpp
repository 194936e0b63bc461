#include "scry/analyzer/lang/golang/source/module_path.hpp"

#include <array>
#include <vector>

#include "scry/base/strings.hpp"

namespace scry::analyzer::lang::golang {
namespace {

// Hosts whose repositories are <host>/<owner>/<repo>.
constexpr std::array<std::string_view, 8> kOwnerRepoHosts = {
    "github.com",   "gitlab.com", "bitbucket.org", "gitee.com",
    "codeberg.org", "git.sr.ht",  "launchpad.net", "hub.jazz.net"};

std::string JoinElements(const std::vector<std::string_view>& elements, size_t count) {
  std::string out;
  for (size_t i = 0; i < count && i < elements.size(); ++i) {
    if (i > 0) out += '/';
    out += elements[i];
  }
  return out;
}

bool IsGopkgVersioned(std::string_view element) {
  size_t at = element.rfind(".v");
  if (at == std::string_view::npos || at + 2 >= element.size()) return false;
  for (char c : element.substr(at + 2)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool IsMajorVersionSuffix(std::string_view element) {
  if (element.size() < 2 || element[0] != 'v') return false;
  for (char c : element.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  // v2, v3, ... v10: no leading zero, and v0/v1 never appear in module paths.
  return element[1] != '0' && element != "v1";
}

std::string GuessModulePath(std::string_view package_path) {
  auto elements = strings::Split(package_path, '/');
  if (elements.empty()) return {};
  std::string_view host = elements[0];
  size_t count = 2;
  for (std::string_view known : kOwnerRepoHosts) {
    if (host == known) count = 3;
  }
  if (host == "golang.org" && elements.size() > 1 && elements[1] == "x") count = 3;
  if (host == "cloud.google.com" && elements.size() > 2 && elements[1] == "go") count = 3;
  if (host == "gopkg.in") {
    count = elements.size() > 1 && IsGopkgVersioned(elements[1]) ? 2 : 3;
  }
  if (elements.size() > count && IsMajorVersionSuffix(elements[count])) ++count;
  return JoinElements(elements, count);
}

std::string RepositoryUrl(std::string_view module_path) {
  auto elements = strings::Split(module_path, '/');
  if (module_path.empty() || elements.empty()) return {};
  if (elements.size() > 1 && IsMajorVersionSuffix(elements.back())) elements.pop_back();
  std::string_view host = elements[0];
  auto element = [&elements](size_t i) {
    return i < elements.size() ? elements[i] : std::string_view();
  };
  for (std::string_view known : kOwnerRepoHosts) {
    if (host == known && elements.size() >= 3) return "https://" + JoinElements(elements, 3);
  }
  if (host == "golang.org" && element(1) == "x" && !element(2).empty()) {
    return "https://go.googlesource.com/" + std::string(element(2));
  }
  if (host == "gopkg.in") {
    // gopkg.in/yaml.v3 -> github.com/go-yaml/yaml; gopkg.in/user/pkg.v1 -> github.com/user/pkg
    std::string_view name = elements.size() >= 3 ? element(2) : element(1);
    name = name.substr(0, name.rfind(".v"));
    std::string owner = elements.size() >= 3 ? std::string(element(1)) : "go-" + std::string(name);
    return "https://github.com/" + owner + "/" + std::string(name);
  }
  if (!element(1).empty()) {
    if (host == "k8s.io") return "https://github.com/kubernetes/" + std::string(element(1));
    if (host == "sigs.k8s.io") {
      return "https://github.com/kubernetes-sigs/" + std::string(element(1));
    }
    if (host == "go.uber.org") return "https://github.com/uber-go/" + std::string(element(1));
    if (host == "google.golang.org") {
      if (element(1) == "grpc") return "https://github.com/grpc/grpc-go";
      if (element(1) == "protobuf") return "https://go.googlesource.com/protobuf";
      if (element(1) == "genproto") return "https://github.com/googleapis/go-genproto";
      if (element(1) == "api") return "https://github.com/googleapis/google-api-go-client";
    }
    if (host == "go.opentelemetry.io" && element(1) == "otel") {
      return "https://github.com/open-telemetry/opentelemetry-go";
    }
  }
  return "https://" + JoinElements(elements, elements.size());
}

std::string UnescapeModulePath(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '!' && i + 1 < escaped.size() && escaped[i + 1] >= 'a' &&
        escaped[i + 1] <= 'z') {
      out += static_cast<char>(escaped[i + 1] - 'a' + 'A');
      ++i;
    } else {
      out += escaped[i];
    }
  }
  return out;
}

}  // namespace scry::analyzer::lang::golang
