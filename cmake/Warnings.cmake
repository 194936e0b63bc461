# Warning flags for our own targets (third-party headers are included as SYSTEM by their targets).
set(SCRY_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# g++ 12 reports false -Wrestrict warnings inside libstdc++'s string code at -O3 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND SCRY_WARNING_FLAGS -Wno-restrict)
endif()
if(SCRY_WERROR)
  list(APPEND SCRY_WARNING_FLAGS -Werror)
endif()

function(scry_set_warnings target)
  target_compile_options(${target} PRIVATE ${SCRY_WARNING_FLAGS})
endfunction()
