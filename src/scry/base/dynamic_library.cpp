#include "scry/base/dynamic_library.hpp"

#include <dlfcn.h>

namespace scry {

Result<DynamicLibrary> DynamicLibrary::Open(std::initializer_list<const char*> names,
                                            std::string_view package) {
  std::string reasons;
  for (const char* name : names) {
    if (void* handle = ::dlopen(name, RTLD_NOW | RTLD_LOCAL)) return DynamicLibrary(handle, name);
    const char* reason = ::dlerror();
    if (!reasons.empty()) reasons += "; ";
    reasons += reason != nullptr ? reason : name;
  }
  return Fail(ErrorCode::kNotFound, "cannot load {} ({}): install the Debian package {}",
              *names.begin(), reasons, package);
}

Result<void*> DynamicLibrary::Symbol(const char* symbol) const {
  ::dlerror();
  void* address = ::dlsym(handle_, symbol);
  if (address == nullptr) {
    return Fail(ErrorCode::kNotFound, "{} has no symbol {}", name_, symbol);
  }
  return address;
}

}  // namespace scry
