# What the vcpkg port and the Conan recipe would install is what `cmake --install`
# installs with their options: neither tool can be fetched here (README.md), so
# this configures envelope with the options each recipe passes (read from the
# recipes, and required to be the same), installs it, and compares the file list
# with include/ plus the CMake and pkg-config files the recipes expect.
#
#   cmake -DSOURCE_DIR=<repo> -DBINARY_DIR=<scratch> -DVERSION=<x.y.z>
#         [-DARGS="-Dnlohmann_json_DIR=..."] -P packaging/check_install.cmake
foreach(var SOURCE_DIR BINARY_DIR VERSION)
  if(NOT ${var})
    message(FATAL_ERROR "check_install.cmake: ${var} is not set")
  endif()
endforeach()
set(failures "")
macro(fail text)
  string(APPEND failures "  ${text}\n")
endmacro()

# The options: -DNAME=VALUE lines of portfile.cmake, cache_variables of conanfile.py.
file(READ "${SOURCE_DIR}/packaging/vcpkg/portfile.cmake" portfile)
string(REGEX MATCHALL "-D(ENVELOPE_[A-Z_]+)=(ON|OFF)" vcpkg_options "${portfile}")
list(SORT vcpkg_options)
file(READ "${SOURCE_DIR}/packaging/conan/conanfile.py" conanfile)
string(REGEX MATCHALL "cache_variables\\[\"ENVELOPE_[A-Z_]+\"\\] = (True|False)" conan_lines "${conanfile}")
set(conan_options "")
foreach(line IN LISTS conan_lines)
  string(REGEX MATCH "\"(ENVELOPE_[A-Z_]+)\"\\] = (True|False)" _ "${line}")
  if(CMAKE_MATCH_2 STREQUAL "True")
    list(APPEND conan_options "-D${CMAKE_MATCH_1}=ON")
  else()
    list(APPEND conan_options "-D${CMAKE_MATCH_1}=OFF")
  endif()
endforeach()
list(SORT conan_options)
if(NOT vcpkg_options OR NOT vcpkg_options STREQUAL conan_options)
  fail("the recipes configure differently: vcpkg ${vcpkg_options}, conan ${conan_options}")
endif()

# Versions: both recipes name the project's.
file(READ "${SOURCE_DIR}/packaging/vcpkg/vcpkg.json" manifest)
string(JSON vcpkg_version GET "${manifest}" version)
string(REGEX MATCH "\n    version = \"([^\"]+)\"" _ "${conanfile}")
set(conan_version "${CMAKE_MATCH_1}")
foreach(kind vcpkg conan)
  if(NOT ${kind}_version STREQUAL VERSION)
    fail("${kind} says version ${${kind}_version}, the project ${VERSION}")
  endif()
endforeach()

# The install, with those options.
set(build "${BINARY_DIR}/build")
set(prefix "${BINARY_DIR}/prefix")
file(REMOVE_RECURSE "${build}" "${prefix}")
separate_arguments(extra UNIX_COMMAND "${ARGS}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${build}" -DCMAKE_BUILD_TYPE=Release
          ${vcpkg_options} ${extra}
  RESULT_VARIABLE status OUTPUT_VARIABLE log ERROR_VARIABLE log)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "configuring with the recipes' options failed:\n${log}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${build}" --prefix "${prefix}"
                RESULT_VARIABLE status OUTPUT_VARIABLE log ERROR_VARIABLE log)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install failed:\n${log}")
endif()

# Expected: every header of include/, the portfile's CONFIG_PATH with the three
# CMake files, the pkg-config file; nothing compiled.
file(GLOB_RECURSE expected RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/include/envelope/*.hpp" "${SOURCE_DIR}/include/envelope/*.ipp")
string(REGEX MATCH "CONFIG_PATH ([^ )\n]+)" _ "${portfile}")
set(config_path "${CMAKE_MATCH_1}")
if(NOT config_path)
  fail("portfile.cmake names no CONFIG_PATH")
endif()
foreach(f envelopeConfig.cmake envelopeConfigVersion.cmake envelopeTargets.cmake)
  list(APPEND expected "${config_path}/${f}")
endforeach()
list(APPEND expected share/pkgconfig/envelope.pc)
list(SORT expected)
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
list(SORT installed)
set(missing ${expected})
list(REMOVE_ITEM missing ${installed})
set(extra_files ${installed})
list(REMOVE_ITEM extra_files ${expected})
if(missing)
  fail("the recipes expect, cmake --install does not install: ${missing}")
endif()
if(extra_files)
  fail("cmake --install installs, the recipes do not expect: ${extra_files}")
endif()
file(READ "${prefix}/${config_path}/envelopeTargets.cmake" targets)
if(NOT targets MATCHES "add_library\\(envelope::envelope INTERFACE IMPORTED\\)")
  fail("envelopeTargets.cmake defines no envelope::envelope, the target conanfile.py names")
endif()

if(failures)
  message(FATAL_ERROR "packaging check failed:\n${failures}")
endif()
list(LENGTH installed count)
message(STATUS "packaging: the recipes' ${count} files are what cmake --install installs")
