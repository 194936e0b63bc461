# Test fixtures that are built rather than committed (real Go binaries, see tools/) live in one
# directory shared by every build directory, so each preset does not build and fetch them again.
set(SCRY_FIXTURES_DIR "${PROJECT_SOURCE_DIR}/build/fixtures" CACHE PATH
    "Directory of generated test fixtures, shared by all build directories")
set(SCRY_GO_FIXTURES_DIR "${SCRY_FIXTURES_DIR}/go")
set(SCRY_IMAGE_FIXTURES_DIR "${SCRY_FIXTURES_DIR}/images")

# scry_module(<name> [DEPS <targets>...] [TEST_DEPS <targets>...]
#             [EXCLUDE <files relative to the module>...] [TEST_PROPERTIES <property> <value>...])
# Builds src/scry/<name>/ (all *.cpp below it except *_test.cpp) into the static library
# scry_<name>, links DEPS publicly, and builds the module's *_test.cpp files into one test
# executable scry_<name>_tests (one link per module keeps build time down on 2 cores). Its tests
# are labelled unit and get TEST_PROPERTIES too (e.g. FIXTURES_REQUIRED, ENVIRONMENT).
function(scry_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;TEST_DEPS;EXCLUDE;TEST_PROPERTIES" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(sources ${all_sources})
  list(FILTER sources EXCLUDE REGEX "_test\\.cpp$")
  foreach(excluded ${ARG_EXCLUDE})
    list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/${excluded})
  endforeach()
  set(tests ${all_sources})
  list(FILTER tests INCLUDE REGEX "_test\\.cpp$")

  add_library(scry_${name} STATIC ${sources})
  target_include_directories(scry_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(scry_${name} PUBLIC ${ARG_DEPS})
  scry_set_warnings(scry_${name})

  if(SCRY_BUILD_TESTS AND tests)
    add_executable(scry_${name}_tests ${tests})
    target_link_libraries(scry_${name}_tests PRIVATE scry_${name} ${ARG_TEST_DEPS} scry_test_support
                          GTest::gmock GTest::gtest_main)
    target_compile_definitions(scry_${name}_tests PRIVATE
      SCRY_SOURCE_DIR="${PROJECT_SOURCE_DIR}" SCRY_MODULE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
    scry_set_warnings(scry_${name}_tests)
    gtest_discover_tests(scry_${name}_tests DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS unit ${ARG_TEST_PROPERTIES})
  endif()
endfunction()
