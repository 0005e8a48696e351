# common.sh — the shared start of the shell tests (tests/cli, tests/hostile, tests/browser): paths, skipping (exit 77, a failure under CI=true), python3, a temporary directory, pass/fail counts and the verdict.
# shellcheck shell=bash
# Sourced as `source "$src/tests/support/common.sh" AMICUS_BINARY`. Sets amicus, src, corpus,
# tmp (removed on exit) and failures; defines ci, skip, need_corpus, need_python3, fail, pass
# and finish.
amicus=${1:?usage: $(basename "$0") AMICUS_BINARY}
src=${AMICUS_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
corpus=${AMICUS_CORPUS:-$src/../shared/corpus}

# ci: true under CI=true, where every test must run
ci() { [ "${CI:-}" = true ]; }
# skip REASON: the test cannot run here: exit 77 (ctest reports it skipped, not passed);
# under CI=true a failure instead
skip() {
  if ci; then echo "FAIL: $* (CI=true)" >&2; exit 1; fi
  echo "SKIP: $*"; exit 77
}
# need_corpus [SUBDIR]: skip unless the corpus (or its SUBDIR, e.g. text) is there
need_corpus() {
  [ -d "$corpus/${1:-}" ] || skip "corpus not found at $corpus (set AMICUS_CORPUS)"
}
# need_python3 [WHY]: skip without python3; from then on python3 calls the interpreter itself,
# not a version-manager shim (pyenv's costs seconds per call)
need_python3() {
  command -v python3 >/dev/null || skip "python3 not found${1:+ ($1)}"
  py_exe=$(python3 -c 'import sys; print(sys.executable)')
  python3() { "$py_exe" "$@"; }
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# finish: the verdict and exit status of the test
finish() {
  local name
  name=$(basename "$0" .sh)
  if [ "$failures" -ne 0 ]; then echo "$name: $failures failure(s)" >&2; exit 1; fi
  echo "$name: all passed"; exit 0
}
