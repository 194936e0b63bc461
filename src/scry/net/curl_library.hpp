// libcurl's entry points, resolved from libcurl.so.4 on first use (base/dynamic_library.hpp).
#pragma once

#include <curl/curl.h>

#include "scry/base/error.hpp"

namespace scry::net {

struct CurlLibrary {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  void (*easy_cleanup)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

// The loaded library, initialised (curl_global_init) once; thread-safe. kNotFound when
// libcurl.so.4 is not installed.
Result<const CurlLibrary*> Curl();

}  // namespace scry::net
