# The version ddbmv reports (`ddbmv --version`) and its .deb carries, taken from git at build time:
# `git describe --tags --always --dirty`, so a rebuild after a commit or an edit reports it without
# re-running cmake. A tag v1.2.0 gives 1.2.0, 1.2.0-3-gabc1234 three commits later; with no tag yet,
# the project version and the commit (0.1.0-gabc1234); -dirty when the tree has uncommitted changes.
# Outside git (a source tarball) it is the project version. -DDDBMV_VERSION=... overrides all of it.
#
# Included from the root CMakeLists.txt after the ddbmv target: it adds the generated version.cpp
# (which defines ddbmv::cli::version(), see src/cli/version.h) to that target.

set(DDBMV_VERSION "" CACHE STRING "Version to report and package instead of the one from git")

set(ddbmv_version_dir "${PROJECT_BINARY_DIR}/version")
set(ddbmv_version_cpp "${ddbmv_version_dir}/version.cpp")
# The version as one line, for CPack (cmake/package_version.cmake) and the packaging tests.
set(ddbmv_version_file "${ddbmv_version_dir}/version.txt")

# Runs at every build; rewrites its outputs only when the version changed, so an unchanged version
# rebuilds nothing.
add_custom_target(ddbmv_version
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DPROJECT_VERSION=${PROJECT_VERSION}
          -DVERSION_OVERRIDE=${DDBMV_VERSION} -DTEMPLATE=${CMAKE_CURRENT_LIST_DIR}/version.cpp.in
          -DOUTPUT_CPP=${ddbmv_version_cpp} -DOUTPUT_TXT=${ddbmv_version_file}
          -P ${CMAKE_CURRENT_LIST_DIR}/write_version.cmake
  BYPRODUCTS ${ddbmv_version_cpp} ${ddbmv_version_file}
  COMMENT "ddbmv version from git"
  VERBATIM)

target_sources(ddbmv PRIVATE ${ddbmv_version_cpp})
# Its own translation unit: a new version recompiles this one small file, not a unity batch with main.
set_source_files_properties(${ddbmv_version_cpp} PROPERTIES GENERATED TRUE SKIP_UNITY_BUILD_INCLUSION TRUE)
add_dependencies(ddbmv ddbmv_version)
