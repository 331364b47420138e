# sh_common.sh — how the shell tests start, sourced right after their usage lines:
#     tfscope=${1:?usage: ...}  [hostile=${2:?usage: ...}]
#     name=hostile
#     . "$(dirname "$0")/sh_common.sh"
# Sets here (the tests folder) and abspath FILE; makes $tfscope (and $hostile when the test takes
# make_hostile) absolute; makes a new folder tmp, ${TMPDIR:-/tmp}/tfscope-$name.XXXXXX, removed on
# exit, and moves into it, so that whatever a test writes by a relative name is removed with it;
# failures=0, checks=0; and fail and run, for the tests of exit codes and messages. Not a test
# framework: each test keeps its own checks.
here=$(cd "$(dirname "$0")" && pwd)
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
tfscope=$(abspath "$tfscope")
if [ -n "${hostile:-}" ]; then hostile=$(abspath "$hostile"); fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tfscope-$name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
checks=0

# fail WHAT: counts a failure and shows the start of the last command's stderr.
fail() {
    echo "FAIL: $*"
    echo "  stderr: $(head -c 600 "$tmp/err")"
    failures=$((failures + 1))
}

# run EXPECTED_CODE CMD...: stdout in $tmp/out.txt, stderr in $tmp/err; a sanitizer report or a
# hang (60 s) fails whatever the exit code (ASan exits with 1 unless told to abort).
run() {
    want=$1
    shift
    checks=$((checks + 1))
    timeout 60 "$@" >"$tmp/out.txt" 2>"$tmp/err"
    code=$?
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp/err"; then
        fail "sanitizer report (exit $code): $*"
        return 1
    fi
    [ "$code" -eq 124 ] && { fail "hangs: $*"; return 1; }
    if [ "$code" -ne "$want" ]; then
        fail "exit $code, expected $want: $*"
        return 1
    fi
    return 0
}
