include(CMakePackageConfigHelpers)

set(ENVELOPE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/envelope"
    CACHE STRING "Where envelopeConfig.cmake is installed")

if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.23)
  install(TARGETS envelope EXPORT envelopeTargets FILE_SET HEADERS)
else()
  install(TARGETS envelope EXPORT envelopeTargets)
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

# A header-only library fits any architecture; ARCH_INDEPENDENT came in 3.14.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/envelopeConfigVersion.cmake"
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)

install(FILES
  "${PROJECT_BINARY_DIR}/envelopeConfig.cmake"
  "${PROJECT_BINARY_DIR}/envelopeConfigVersion.cmake"
  DESTINATION "${ENVELOPE_INSTALL_CMAKEDIR}")

configure_file("${PROJECT_SOURCE_DIR}/cmake/envelope.pc.in"
               "${PROJECT_BINARY_DIR}/envelope.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/envelope.pc"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")
