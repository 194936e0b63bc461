// Shared libraries loaded on first use rather than at program start. scry links libcurl and
// libarchive this way: together with what they pull in (GnuTLS, Kerberos, LDAP, ICU...) they
// cost ~6 ms of dynamic linking at every start, for features that most runs never touch.
#pragma once

#include <string>
#include <string_view>

#include "scry/base/error.hpp"

namespace scry {

// A dlopen handle, never closed (the library stays loaded for the process's life).
class DynamicLibrary {
 public:
  // Loads the first of `names` that loads (e.g. {"libcurl.so.4"}). kNotFound naming the package
  // to install when none does.
  static Result<DynamicLibrary> Open(std::initializer_list<const char*> names,
                                     std::string_view package);

  // The address of `symbol` as a function pointer of type F. kNotFound when missing.
  template <class F>
  Result<F> Function(const char* symbol) const {
    SCRY_TRY(void* address, Symbol(symbol));
    return reinterpret_cast<F>(address);
  }

 private:
  explicit DynamicLibrary(void* handle, std::string name)
      : handle_(handle), name_(std::move(name)) {}
  Result<void*> Symbol(const char* symbol) const;

  void* handle_;
  std::string name_;
};

}  // namespace scry
