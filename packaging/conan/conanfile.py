# A Conan 2 recipe for envelope, a header-only library. Run from the repository
# root: conan create packaging/conan --version 0.2.0 (the recipe exports the
# sources beside it; see packaging/README.md).
import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir

required_conan_version = ">=2.0"


class EnvelopeConan(ConanFile):
    name = "envelope"
    version = "0.2.0"
    description = "HAL resources, RFC 9457 problem details and an HTTP status registry for C++17"
    license = "MIT"
    topics = ("hal", "problem-details", "rfc9457", "http", "rest", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    no_copy_source = True

    def export_sources(self):
        root = os.path.join(self.recipe_folder, "..", "..")
        for pattern in ("CMakeLists.txt", "LICENSE", "cmake/*", "include/*", "src/*"):
            copy(self, pattern, root, self.export_sources_folder)

    def layout(self):
        cmake_layout(self, src_folder=".")

    def requirements(self):
        # Tested from 3.10.5 to the development branch (README, "Dependencies").
        self.requires("nlohmann_json/3.11.3", transitive_headers=True)

    def package_id(self):
        self.info.clear()

    def validate(self):
        check_min_cppstd(self, 17)

    def generate(self):
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["ENVELOPE_BUILD_TESTS"] = False
        toolchain.cache_variables["ENVELOPE_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["ENVELOPE_BUILD_TOOLS"] = False
        toolchain.cache_variables["ENVELOPE_INSTALL"] = True
        toolchain.cache_variables["ENVELOPE_INSTALL_COMPILED"] = False
        toolchain.generate()
        CMakeDeps(self).generate()

    def build(self):
        pass

    def package(self):
        # cmake --install decides which headers a user gets, so both packages
        # and a plain install hold the same files.
        cmake = CMake(self)
        cmake.configure()
        cmake.install()
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        # Conan writes the consumer's CMake and pkg-config files from package_info.
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "envelope")
        self.cpp_info.set_property("cmake_target_name", "envelope::envelope")
        self.cpp_info.set_property("pkg_config_name", "envelope")
        self.cpp_info.requires = ["nlohmann_json::nlohmann_json"]
