# -DSCRY_SANITIZE=address,undefined instruments every target, including tests.
# -DSCRY_FUZZ=ON adds the libFuzzer coverage instrumentation to the libraries as well.
if(SCRY_SANITIZE)
  add_compile_options(-fsanitize=${SCRY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${SCRY_SANITIZE})
endif()
if(SCRY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SCRY_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
