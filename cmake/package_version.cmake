# CPACK_PROJECT_CONFIG_FILE (see package.cmake): cpack runs this before packaging. It sets the package
# version to the one the build wrote (version.txt), turned into a Debian version: the first '-' becomes
# '+' and the others '.', so 1.2.0-3-gabc1234 is 1.2.0+3.gabc1234 and sorts after 1.2.0, and
# 0.1.0-gabc1234-dirty is 0.1.0+gabc1234.dirty.

if(NOT EXISTS "${CPACK_DDBMV_VERSION_FILE}")
  message(FATAL_ERROR "${CPACK_DDBMV_VERSION_FILE} is missing: build ddbmv before running cpack")
endif()
file(STRINGS "${CPACK_DDBMV_VERSION_FILE}" ddbmv_version LIMIT_COUNT 1)
# (Not string(REGEX REPLACE "^([^-]*)-" ...): CMake's '^' matches again where each replacement ends.)
string(FIND "${ddbmv_version}" "-" first_dash)
if(first_dash EQUAL -1)
  set(ddbmv_debian_version "${ddbmv_version}")
else()
  string(SUBSTRING "${ddbmv_version}" 0 ${first_dash} upstream)
  math(EXPR rest_start "${first_dash} + 1")
  string(SUBSTRING "${ddbmv_version}" ${rest_start} -1 rest)
  string(REPLACE "-" "." rest "${rest}")
  set(ddbmv_debian_version "${upstream}+${rest}")
endif()
if(NOT ddbmv_debian_version MATCHES "^[0-9][A-Za-z0-9.+~]*$")
  message(FATAL_ERROR "version '${ddbmv_version}' makes no Debian version ('${ddbmv_debian_version}')")
endif()
set(CPACK_PACKAGE_VERSION "${ddbmv_debian_version}")
set(CPACK_DEBIAN_PACKAGE_VERSION "${ddbmv_debian_version}")
