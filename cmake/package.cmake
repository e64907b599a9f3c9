# CPack: `cpack -G DEB` in the build directory makes ddbmv_<version>_<arch>.deb from what install.cmake
# installs, under /usr. Its dependencies are worked out by dpkg-shlibdeps (Debian package dpkg-dev)
# from the libraries the binary links (libcurl4, libssl3, libfmt9, libstdc++6, libc6, ...), so they
# name the packages of the distribution it was built on. The version is the one `ddbmv --version`
# prints (version.cmake), read when cpack runs, so a package made after a commit carries that commit.

set(DDBMV_PACKAGE_MAINTAINER "ddbmv maintainers <maintainers@users.noreply.b-seed-0ae9a57c.example>"
    CACHE STRING "Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ddbmv)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "rename Amazon DynamoDB tables safely")
set(CPACK_PACKAGE_CONTACT "${DDBMV_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DDBMV_PACKAGE_MAINTAINER}")
# The long description; CPack puts the summary above it as the first line of Description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "DynamoDB has no rename. ddbmv discovers the tables and the Lambda functions
whose environment names them, writes a plan to review, creates identical
tables, copies the data together with the writes that arrive meanwhile,
re-points the functions, verifies, and can roll back or, after an
observation window, delete the old tables. Every step is journaled and
resumable.")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # ddbmv_<version>_<arch>.deb
# Filled in at cpack time by package_version.cmake from this file (written by every build).
set(CPACK_DDBMV_VERSION_FILE "${ddbmv_version_file}")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/package_version.cmake")
include(CPack)

# Builds the .deb and checks it: control fields, file list, and the extracted binary runs.
add_test(NAME package COMMAND ${PROJECT_SOURCE_DIR}/tests/install/deb_test.sh ${PROJECT_BINARY_DIR})
set_tests_properties(package PROPERTIES LABELS package TIMEOUT 300 RESOURCE_LOCK cpack)
