# cmake -P script (see version.cmake): works out the version and writes OUTPUT_CPP from TEMPLATE and
# OUTPUT_TXT, each only if its content changed.
#   in: SOURCE_DIR, PROJECT_VERSION, VERSION_OVERRIDE (may be empty), TEMPLATE, OUTPUT_CPP, OUTPUT_TXT

set(version "${PROJECT_VERSION}")
if(VERSION_OVERRIDE)
  set(version "${VERSION_OVERRIDE}")
elseif(EXISTS "${SOURCE_DIR}/.git")  # a directory in a clone, a file in a worktree
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(COMMAND "${GIT_EXECUTABLE}" describe --tags --always --dirty
                    WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE described
                    RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(status EQUAL 0 AND described)
      if(described MATCHES "^v?([0-9]+\\.[0-9].*)$")
        # A tag: v1.2.0, v1.2.0-3-gabc1234, v1.2.0-dirty
        set(version "${CMAKE_MATCH_1}")
      elseif(described MATCHES "^[0-9a-f]+(-dirty)?$")
        # No tag reachable: only the abbreviated commit (--always).
        set(version "${PROJECT_VERSION}-g${described}")
      else()
        message(WARNING "git describe gave '${described}', which is no version tag; using ${PROJECT_VERSION}")
      endif()
    endif()
  endif()
endif()

set(DDBMV_VERSION_STRING "${version}")
configure_file("${TEMPLATE}" "${OUTPUT_CPP}" @ONLY)  # rewrites only when the content changed
file(CONFIGURE OUTPUT "${OUTPUT_TXT}" CONTENT "${version}\n")  # likewise
