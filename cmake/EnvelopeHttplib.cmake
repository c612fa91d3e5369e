# cpp-httplib for the adapter tests, the reference service and envelope-lint,
# looked up once, in the order its packagings provide it: upstream's CMake
# package, then pkg-config (Debian's libcpp-httplib-dev ships only
# cpp-httplib.pc), then a bare single-file httplib.h. Debian's httplib.h is the
# split build: declarations only, definitions in libcpp-httplib.so, compiled with
# CPPHTTPLIB_OPENSSL_SUPPORT, _ZLIB_SUPPORT and _BROTLI_SUPPORT; those defines
# change the layout of httplib's classes, so they must come from its .pc file.
#
# Sets ENVELOPE_HTTPLIB_TARGET to a target to link, or to "" when none is found.
# Called from the top-level directory, so the imported targets are visible below.
# -DCMAKE_DISABLE_FIND_PACKAGE_httplib=ON turns off all three lookups, to build
# as a machine without cpp-httplib would.
function(envelope_find_httplib)
  set(found "")
  find_package(httplib CONFIG QUIET)
  if(CMAKE_DISABLE_FIND_PACKAGE_httplib)
    message(STATUS "envelope: cpp-httplib disabled by CMAKE_DISABLE_FIND_PACKAGE_httplib")
  elseif(TARGET httplib::httplib)
    set(found httplib::httplib)
  else()
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
      pkg_check_modules(envelope_httplib QUIET IMPORTED_TARGET cpp-httplib)
    endif()
    if(TARGET PkgConfig::envelope_httplib)
      set(found PkgConfig::envelope_httplib)
    else()
      find_path(ENVELOPE_HTTPLIB_INCLUDE_DIR httplib.h)
      if(ENVELOPE_HTTPLIB_INCLUDE_DIR)
        # Only the single-file build defines its functions in the header.
        file(STRINGS "${ENVELOPE_HTTPLIB_INCLUDE_DIR}/httplib.h" definitions
             REGEX "^inline bool Server::listen_after_bind\\(\\)")
        if(definitions)
          add_library(envelope_httplib_header_only INTERFACE)
          target_include_directories(envelope_httplib_header_only SYSTEM INTERFACE
                                     "${ENVELOPE_HTTPLIB_INCLUDE_DIR}")
          set(found envelope_httplib_header_only)
        endif()
      endif()
    endif()
  endif()
  set(ENVELOPE_HTTPLIB_TARGET "${found}" PARENT_SCOPE)
endfunction()
