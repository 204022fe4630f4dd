# tool_checks.sh — helpers for the end-to-end tests of host tools (sourced
# by tests/crypto/cli.sh and tests/zstd/skyzstd.sh). The sourcing script
# sets PREFIX (the check names' prefix) and gets $t, a scratch directory
# removed at exit.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# check NAME STATUS COMMAND...: the command must exit with STATUS.
check() {
	local name=$1 want=$2
	shift 2
	"$@" >"$t/out" 2>"$t/err"
	local rc=$?
	if [ $rc -eq "$want" ]; then
		echo "PASS $PREFIX/$name"
	else
		echo "FAIL $PREFIX/$name: exit $rc, wanted $want: $(head -c 200 "$t/err")"
	fi
}

# absent NAME FILE: a failed command left FILE unwritten.
absent() {
	[ ! -e "$2" ] && echo "PASS $PREFIX/$1" || echo "FAIL $PREFIX/$1: $2 was written"
}
