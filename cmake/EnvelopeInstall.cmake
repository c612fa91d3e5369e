include(CMakePackageConfigHelpers)

set(ENVELOPE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/envelope"
    CACHE STRING "Where envelopeConfig.cmake is installed")

# Both targets, as fmt installs fmt and fmt-header-only: envelope::envelope
# (header-only) and envelope::compiled (the library, with its definition of
# ENVELOPE_SEPARATE_COMPILATION), so an installed tree needs no hand wiring.
# ENVELOPE_INSTALL_COMPILED=OFF leaves the second out (a header-only package).
set(envelope_installed_targets envelope)
if(ENVELOPE_INSTALL_COMPILED)
  list(APPEND envelope_installed_targets envelope_compiled)
endif()
if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.23)
  install(TARGETS ${envelope_installed_targets} EXPORT envelopeTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
          FILE_SET HEADERS)
else()
  install(TARGETS ${envelope_installed_targets} EXPORT envelopeTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/envelope"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()

install(EXPORT envelopeTargets
        NAMESPACE envelope::
        DESTINATION "${ENVELOPE_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/envelopeConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/envelopeConfig.cmake"
  INSTALL_DESTINATION "${ENVELOPE_INSTALL_CMAKEDIR}")

# Before 1.0 a minor release may change the API (0.2 did), so 0.x matches its
# own minor version only. Not ARCH_INDEPENDENT: envelope::compiled is a library
# of one architecture.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(envelope_compatibility SameMinorVersion)
else()
  set(envelope_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/envelopeConfigVersion.cmake"
  COMPATIBILITY ${envelope_compatibility})

install(FILES
  "${PROJECT_BINARY_DIR}/envelopeConfig.cmake"
  "${PROJECT_BINARY_DIR}/envelopeConfigVersion.cmake"
  DESTINATION "${ENVELOPE_INSTALL_CMAKEDIR}")

# pkg-config describes the header-only use alone.
configure_file("${PROJECT_SOURCE_DIR}/cmake/envelope.pc.in"
               "${PROJECT_BINARY_DIR}/envelope.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/envelope.pc"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")
