include(FetchContent)

# nlohmann/json: an existing target, else an installed package, else the pinned
# release tarball. The last needs a network and is never used where a package exists.
# 3.10 is the oldest .ci/nlohmann-versions.sh builds and tests against (Ubuntu 22.04's).
function(envelope_find_nlohmann_json)
  if(TARGET nlohmann_json::nlohmann_json)
    return()
  endif()
  find_package(nlohmann_json 3.10 CONFIG QUIET)
  if(nlohmann_json_FOUND)
    return()
  endif()
  message(STATUS "envelope: nlohmann_json 3.10 or later not found, fetching v3.11.3")
  FetchContent_Declare(nlohmann_json
    URL https://github.com/nlohmann/json/releases/download/v3.11.3/json.tar.xz
    URL_HASH SHA256=d6c65aca6b1ed68e7a182f4757257b107ae403032760ed6ef121c9d55e81757d)
  FetchContent_MakeAvailable(nlohmann_json)
endfunction()

# Catch2: v3 where installed, else v2 (Debian 12 packages 2.13), else fetch v3.
# Sets ENVELOPE_CATCH2_TARGET and ENVELOPE_CATCH2_MAJOR in the caller's scope.
function(envelope_find_catch2)
  find_package(Catch2 3 CONFIG QUIET)
  if(Catch2_FOUND)
    set(ENVELOPE_CATCH2_TARGET Catch2::Catch2WithMain PARENT_SCOPE)
    set(ENVELOPE_CATCH2_MAJOR 3 PARENT_SCOPE)
    return()
  endif()
  find_package(Catch2 2.13 CONFIG QUIET)
  if(Catch2_FOUND)
    set(ENVELOPE_CATCH2_TARGET Catch2::Catch2 PARENT_SCOPE)
    set(ENVELOPE_CATCH2_MAJOR 2 PARENT_SCOPE)
    return()
  endif()
  message(STATUS "envelope: Catch2 not found, fetching v3.5.4")
  FetchContent_Declare(Catch2
    URL https://github.com/catchorg/Catch2/archive/refs/tags/v3.5.4.tar.gz
    URL_HASH SHA256=b7754b711242c167d8f60b890695347f90a1ebc95949a045385114165d606dbb)
  FetchContent_MakeAvailable(Catch2)
  set(ENVELOPE_CATCH2_TARGET Catch2::Catch2WithMain PARENT_SCOPE)
  set(ENVELOPE_CATCH2_MAJOR 3 PARENT_SCOPE)
endfunction()
