# `cmake --install` layout: the same shape as the build tree, so the leakscope binary
# finds its pieces relative to itself in both (see tools/leakscope/install_layout.h):
#   bin/      leakscope, and the leakscope-clang / leakscope-clang++ links to it
#   lib/      LeakScopePass-<major>.so per LLVM major, libleakscope_rt.a, libleakscope_rt.so
#   include/leakscope/   the public API header
#   lib/cmake/LeakScope/ package config: find_package(LeakScope) -> LeakScope::LeakScope
include(CMakePackageConfigHelpers)

install(TARGETS leakscope RUNTIME DESTINATION bin)
foreach(wrapper leakscope-clang leakscope-clang++)
  install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" -E create_symlink leakscope
    \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/${wrapper}\")
    message(STATUS \"Installing: \$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/bin/${wrapper} -> leakscope\")")
endforeach()

install(TARGETS leakscope_rt leakscope_rt_shared ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
foreach(major IN LISTS LEAKSCOPE_BUILT_MAJORS)
  # Built by ExternalProject, so installed as a file.
  install(FILES ${LEAKSCOPE_LIB_DIR}/LeakScopePass-${major}.so DESTINATION lib)
endforeach()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/leakscope DESTINATION include)

string(REPLACE ";" " " LEAKSCOPE_MAJORS_STRING "${LEAKSCOPE_BUILT_MAJORS}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/LeakScopeConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/LeakScopeConfig.cmake @ONLY)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/LeakScopeConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/LeakScopeConfig.cmake
  ${CMAKE_BINARY_DIR}/cmake/LeakScopeConfigVersion.cmake DESTINATION lib/cmake/LeakScope)
