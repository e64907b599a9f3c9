# What `cmake --install` puts where (under CMAKE_INSTALL_PREFIX, /usr/local by default; the .deb uses
# /usr): the ddbmv binary, its man page ddbmv(1), bash and zsh completions, and the README. Then the
# .deb (package.cmake) and the tests of all of it. Included at the end of the root CMakeLists.txt.

include(GNUInstallDirs)

install(TARGETS ddbmv RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Man pages are installed compressed (Debian policy 12.1); -n keeps the name and time out of the
# .gz, so the same page gives the same bytes.
set(ddbmv_man_page "${PROJECT_SOURCE_DIR}/docs/man/ddbmv.1")
set(ddbmv_man_page_gz "${PROJECT_BINARY_DIR}/man/ddbmv.1.gz")
add_custom_command(OUTPUT ${ddbmv_man_page_gz}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
  COMMAND gzip -9 -n -c ${ddbmv_man_page} > ${ddbmv_man_page_gz}
  DEPENDS ${ddbmv_man_page}
  COMMENT "Compressing the man page ddbmv(1)")
add_custom_target(ddbmv_man_page ALL DEPENDS ${ddbmv_man_page_gz})
install(FILES ${ddbmv_man_page_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Where bash-completion and Debian's zsh look for completions of a command they did not ship.
install(FILES ${PROJECT_SOURCE_DIR}/completions/ddbmv.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ddbmv)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_ddbmv DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/rollback.md
              ${PROJECT_SOURCE_DIR}/docs/live-writes.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(${CMAKE_CURRENT_LIST_DIR}/package.cmake)

# The man page and the completions against the CLI as it parses its arguments (ddbmv SUB --help):
# every subcommand and option in both, so neither can drift from the code.
add_test(NAME man_page COMMAND ${PROJECT_SOURCE_DIR}/tests/install/man_page_test.sh $<TARGET_FILE:ddbmv>
                               ${ddbmv_man_page})
add_test(NAME completions COMMAND ${PROJECT_SOURCE_DIR}/tests/install/completions_test.sh
                                  $<TARGET_FILE:ddbmv> ${PROJECT_SOURCE_DIR}/completions)
set_tests_properties(man_page completions PROPERTIES LABELS install)
add_test(NAME version COMMAND ${PROJECT_SOURCE_DIR}/tests/install/version_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(version PROPERTIES LABELS install)
