# Writes the version header: SNN_VERSION_IN -> SNN_VERSION_OUT with
# SNN_VERSION and the short git hash of SNN_SOURCE_DIR (suffixed "-dirty" when
# tracked files are modified; "unknown" when git or the repository is
# missing). configure_file leaves the output untouched when nothing changed,
# so rerunning this on every build only recompiles when the hash moves.
#
# Used twice: include()d at configure time, and run with `cmake -P` by the
# snn-version target on every build (so new commits show without
# reconfiguring).
set(SNN_GIT_HASH "unknown")
if(SNN_GIT_EXECUTABLE)
  execute_process(
    COMMAND "${SNN_GIT_EXECUTABLE}" -C "${SNN_SOURCE_DIR}" rev-parse --short=7 HEAD
    OUTPUT_VARIABLE _hash RESULT_VARIABLE _rc
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_rc EQUAL 0 AND NOT _hash STREQUAL "")
    set(SNN_GIT_HASH "${_hash}")
    execute_process(
      COMMAND "${SNN_GIT_EXECUTABLE}" -C "${SNN_SOURCE_DIR}" status --porcelain --untracked-files=no
      OUTPUT_VARIABLE _status RESULT_VARIABLE _rc
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_rc EQUAL 0 AND NOT _status STREQUAL "")
      string(APPEND SNN_GIT_HASH "-dirty")
    endif()
  endif()
endif()
configure_file("${SNN_VERSION_IN}" "${SNN_VERSION_OUT}" @ONLY)
