#include "scry/net/curl_library.hpp"

#include "scry/base/dynamic_library.hpp"

namespace scry::net {
namespace {

Result<CurlLibrary> Load() {
  SCRY_TRY(DynamicLibrary library,
           DynamicLibrary::Open({"libcurl.so.4", "libcurl-gnutls.so.4"}, "libcurl4"));
  CurlLibrary curl{};
  SCRY_TRY(curl.global_init, library.Function<decltype(curl.global_init)>("curl_global_init"));
  SCRY_TRY(curl.easy_init, library.Function<decltype(curl.easy_init)>("curl_easy_init"));
  SCRY_TRY(curl.easy_setopt, library.Function<decltype(curl.easy_setopt)>("curl_easy_setopt"));
  SCRY_TRY(curl.easy_perform, library.Function<decltype(curl.easy_perform)>("curl_easy_perform"));
  SCRY_TRY(curl.easy_getinfo, library.Function<decltype(curl.easy_getinfo)>("curl_easy_getinfo"));
  SCRY_TRY(curl.easy_cleanup, library.Function<decltype(curl.easy_cleanup)>("curl_easy_cleanup"));
  SCRY_TRY(curl.easy_strerror,
           library.Function<decltype(curl.easy_strerror)>("curl_easy_strerror"));
  SCRY_TRY(curl.slist_append, library.Function<decltype(curl.slist_append)>("curl_slist_append"));
  SCRY_TRY(curl.slist_free_all,
           library.Function<decltype(curl.slist_free_all)>("curl_slist_free_all"));
  CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    return Fail(ErrorCode::kInternal, "libcurl initialisation failed: {}",
                curl.easy_strerror(code));
  }
  return curl;
}

}  // namespace

Result<const CurlLibrary*> Curl() {
  // A function-local static: loaded and initialised once, thread-safely.
  static const Result<CurlLibrary> library = Load();
  if (!library) return tl::unexpected(library.error());
  return &*library;
}

}  // namespace scry::net
