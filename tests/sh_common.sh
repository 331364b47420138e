# sh_common.sh — how the shell tests start, sourced right after their usage lines:
#     tfscope=${1:?usage: ...}  [hostile=${2:?usage: ...}]
#     name=hostile
#     . "$(dirname "$0")/sh_common.sh"
# Sets here (the tests folder) and abspath FILE; makes $tfscope (and $hostile when the test takes
# make_hostile) absolute; makes a new folder tmp, ${TMPDIR:-/tmp}/tfscope-$name.XXXXXX, removed on
# exit, and moves into it, so that whatever a test writes by a relative name is removed with it;
# failures=0. Not a test framework: each test keeps its own checks.
here=$(cd "$(dirname "$0")" && pwd)
abspath() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
tfscope=$(abspath "$tfscope")
if [ -n "${hostile:-}" ]; then hostile=$(abspath "$hostile"); fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tfscope-$name.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
