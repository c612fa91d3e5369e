# A header-only port: the headers, envelope::envelope in envelopeConfig.cmake
# and envelope.pc. Replace REPO and SHA512 with the published repository and the
# release archive's hash (vcpkg prints the hash on the first install with SHA512 0).
set(VCPKG_BUILD_TYPE release)

vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO envelope-cpp/envelope
    REF "v${VERSION}"
    SHA512 0
    HEAD_REF main
)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DENVELOPE_BUILD_TESTS=OFF
        -DENVELOPE_BUILD_EXAMPLES=OFF
        -DENVELOPE_BUILD_TOOLS=OFF
        -DENVELOPE_INSTALL=ON
        -DENVELOPE_INSTALL_COMPILED=OFF
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/envelope)
vcpkg_fixup_pkgconfig()

# Header-only: nothing in lib/.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/lib" "${CURRENT_PACKAGES_DIR}/debug")

vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
