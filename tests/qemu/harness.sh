# harness.sh — booting Skyscope under QEMU for tests (sourced by tests/run.sh).
#
# Every boot runs under TCG (never KVM: see docs/testing.md), with COM1 to a
# log file and the isa-debug-exit device, so the guest ends the run itself:
# QEMU's exit status is then (code << 1) | 1. A boot that does not end in
# time is killed, and counts as a hang. Guest time is counted in retired
# instructions (-icount), so scheduling and timing tests behave the same on
# an idle laptop and a loaded CI machine.

B=${B:-build}
LOGS=$B/test/logs
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
QEMU_BASE=(qemu-system-x86_64 -accel tcg -smp 1 -no-reboot
	-display none -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x04
	-icount shift=0,align=off,sleep=off)

# qemu_boot NAME [QEMU ARGS...]: boot, log to $LOGS/NAME.log, set $status.
# With STOP_AT set, the run is ended as soon as the log contains that text
# (for boots that idle rather than exit); $status is then 0. CPU= picks
# another -cpu model than max (e.g. without a feature).
qemu_boot() {
	local name=$1
	shift
	mkdir -p "$LOGS"
	log=$LOGS/$name.log
	: >"$log"
	"${QEMU_BASE[@]}" -cpu "${CPU:-max}" -m "${MEMORY:-256M}" -serial "file:$log" "$@" &
	local pid=$! waited=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ -n "${STOP_AT:-}" ] && grep -aqF -- "$STOP_AT" "$log"; then
			kill "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			status=0
			return
		fi
		if [ "$waited" -ge $((BOOT_TIMEOUT * 10)) ]; then
			kill -9 "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			status=124
			return
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	wait "$pid"
	status=$?
}

# The guest's own verdict on why QEMU stopped.
describe_status() {
	case $1 in
	124) echo "timed out after ${BOOT_TIMEOUT}s (hang)" ;;
	255) echo "kernel panic" ;;
	*) echo "QEMU exit status $1" ;;
	esac
}

show_log_tail() {
	echo "---- last lines of $1 ----"
	tail -n 25 "$1" | sed 's/^/    /'
	echo "----"
}

# plan_boot SCENARIO TESTS BUNDLE [QEMU ARGS...]: run the comma-separated
# test programs in one boot; one PASS/FAIL per test program.
plan_boot() {
	local scenario=$1 tests=$2 bundle=$3
	shift 3
	qemu_boot "$scenario" -kernel "$B/skyscope.elf" -initrd "$bundle" \
		-append "debugexit loglevel=info plan=$tests" "$@"
	check_plan "$scenario" "$tests" "$log"
}

# check_plan SCENARIO TESTS LOG: judge a finished plan run from its log.
check_plan() {
	local scenario=$1 tests=$2 log=$3 t verdict broken=
	if grep -aq "KERNEL PANIC" "$log"; then
		broken="kernel panic"
	elif ! grep -aq "^plan: end " "$log"; then
		broken="the plan never finished: $(describe_status "$status")"
	fi
	for t in ${tests//,/ }; do
		verdict=$(grep -a -m1 "^plan: result $t " "$log" | awk '{print $4}')
		if [ "$verdict" = pass ] && [ -z "$broken" ]; then
			pass "qemu/$scenario/$t"
		else
			fail "qemu/$scenario/$t" "${broken:-$(grep -a -m1 "^plan: result $t " "$log" || echo "no result")}"
			grep -a "^not ok " "$log" | sed 's/^/    /'
		fi
	done
	[ -z "$broken" ] || show_log_tail "$log"
}

# expect_log NAME LOG PATTERN...: each pattern (fixed text) must appear;
# a pattern starting with '!' must not.
expect_log() {
	local name=$1 log=$2 p missing=
	shift 2
	for p in "$@"; do
		if [ "${p:0:1}" = "!" ]; then
			grep -aqF -- "${p:1}" "$log" && missing+=" [unexpected: ${p:1}]"
		else
			grep -aqF -- "$p" "$log" || missing+=" [missing: $p]"
		fi
	done
	if [ -z "$missing" ]; then
		pass "$name"
	else
		fail "$name" "$missing"
		show_log_tail "$log"
	fi
}

# expect_status NAME WANT: QEMU's exit status.
expect_status() {
	if [ "$status" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1" "exit status $status, want $2 ($(describe_status "$status"))"
	fi
}
