# Warning flags for our own targets (third-party headers are included as SYSTEM by their targets).
set(SCRY_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(SCRY_WERROR)
  list(APPEND SCRY_WARNING_FLAGS -Werror)
endif()

function(scry_set_warnings target)
  target_compile_options(${target} PRIVATE ${SCRY_WARNING_FLAGS})
endfunction()
