#!/usr/bin/env bash
# run.sh — everything `make test` runs (the build is already done):
#   1. host unit tests of lib/ and the tools, under ASan and UBSan
#   2. short deterministic fuzzing of every parser of untrusted bytes
#   3. libskycrypt against NIST's ACVP vectors, through skycrypt
#   4. lib/zstd against the reference's golden files and the zstd CLI;
#      SKYAIFS through its FUSE mount, compared with tmpfs
#   5. the tools: SKYAIFS's host tools, the supply chain end to end
#      (tests/pkg/run.sh), skybundle,
#      and silac's own suite with SPIN on every protocol model (tests/sila/run.sh)
#   6. QEMU scenarios: test programs inside Skyscope, and boots that must
#      fail cleanly (corrupt or missing modules, a kernel fault, GRUB)
# Every check prints PASS or FAIL (or SKIP, counted as neither, where the
# machine lacks what it needs); the last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
passed=0
failed=0
pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1${2:+: $2}"
	failed=$((failed + 1))
}
. tests/qemu/harness.sh

# Count a program's PASS/FAIL lines; a crash or a silent failure is a FAIL too.
run_counted() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "$out" | grep -E '^(PASS|FAIL|SKIP) '
	passed=$((passed + $(echo "$out" | grep -c '^PASS ')))
	failed=$((failed + $(echo "$out" | grep -c '^FAIL ')))
	if [ $rc -ne 0 ] && ! echo "$out" | grep -q '^FAIL '; then
		fail "$name" "exited with status $rc"
		echo "$out" | tail -n 20 | sed 's/^/    /'
	fi
}

echo "== host unit tests"
for t in $B/hosttest/test_*; do
	run_counted "host/$(basename "$t")" "$t" "$B/guest/hello.elf"
done

echo "== fuzzing (short; make fuzz runs longer)"
run_counted fuzz tests/fuzz/run.sh "${FUZZ_ITERATIONS:-100000}"

echo "== crypto: NIST ACVP vectors through skycrypt"
run_counted crypto tests/crypto/run.sh

echo "== zstd: golden files and the zstd CLI"
run_counted zstd tests/zstd/run.sh

echo "== SKYAIFS: the host tools"
run_counted skyaifs-tools tests/skyaifs/tools.sh

echo "== SKYAIFS: the FUSE mount against tmpfs"
run_counted skyaifs-fuse tests/skyaifs/fuse.sh

echo "== supply chain: skypack, skyimage, skyrepo"
run_counted pkg tests/pkg/run.sh

echo "== tools"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if $B/bin/skybundle -o "$tmp/b.skb" $B/guest/hello.elf $B/guest/init.elf=first && \
	$B/bin/skybundle -l "$tmp/b.skb" >"$tmp/list" && grep -q ' hello$' "$tmp/list" && \
	grep -q ' first$' "$tmp/list"; then
	pass tools/skybundle/round-trip
else
	fail tools/skybundle/round-trip
fi
if $B/bin/skybundle -o "$tmp/d.skb" $B/guest/hello.elf $B/guest/hello.elf 2>/dev/null; then
	fail tools/skybundle/refuses-duplicates
else
	pass tools/skybundle/refuses-duplicates
fi
head -c 100 $B/bundle.skb >"$tmp/cut.skb"
if $B/bin/skybundle -l "$tmp/cut.skb" 2>/dev/null; then
	fail tools/skybundle/refuses-truncated
else
	pass tools/skybundle/refuses-truncated
fi

echo "== SILA: the compiler's suite, the SPIN models"
run_counted sila tests/sila/run.sh

if command -v clang-format >/dev/null; then
	if clang-format --dry-run --Werror $(git ls-files '*.c' '*.h') 2>"$tmp/format"; then
		pass style/clang-format
	else
		fail style/clang-format "run 'make format'"
		head -n 20 "$tmp/format" | sed 's/^/    /'
	fi
fi

echo "== QEMU: test programs (one boot each)"
for t in $(ls tests/qemu/t_*.c | xargs -n1 basename | sed 's/\.c$//'); do
	# t_exhaust wants frames to run out before the process limit does.
	MEMORY=$([ "$t" = t_exhaust ] && echo 48M || echo 256M) plan_boot "$t" "$t" $B/test/bundle.skb
done
# Without RDRAND and RDSEED the kernel has no entropy: it says so, and random() refuses.
CPU=max,rdrand=off,rdseed=off plan_boot no-rdrand h_norandom $B/test/bundle.skb
expect_log qemu/no-rdrand/warns $LOGS/no-rdrand.log "random: no hardware entropy source"
expect_log qemu/t_badelf/refusals-logged $LOGS/t_badelf.log \
	"loader: refused 'bad_magic': not an ELF file (bad magic)" \
	"loader: refused 'bad_seg_wx': segment is both writable and executable" \
	"loader: refused 'bad_seg_kernel': segment lies outside the user address window"
expect_log qemu/t_pkg/agrees-with-host $LOGS/t_pkg.log "pkgt_good.skm: ok, as on the host" \
	"pkgt_bomb.skm: content, as on the host" "pkgt_old.skm: rollback, as on the host" \
	"pkgt_img_good.ski: ok, as on the host" "pkgt_img_wrongrole.ski: wrong-role, as on the host" \
	"the repository is refused as on the host: expired" "!not ok"
expect_log qemu/t_faults/reported $LOGS/t_faults.log \
	"killed: divide error at rip" "killed: page fault at rip" "in user mode"

echo "== QEMU: boots that must go wrong cleanly"
qemu_boot kernel-panic -kernel $B/skyscope.elf -initrd $B/test/bundle.skb -append "debugexit kernel_test=fault"
expect_status qemu/kernel-panic/stops 255
expect_log qemu/kernel-panic/report $log "KERNEL PANIC" "page fault in kernel mode" \
	"cr2 ffffffff00000000" "backtrace:" "System halted."

qemu_boot crypto-kat-fails -kernel $B/skyscope.elf -initrd $B/test/bundle.skb -append "debugexit kernel_test=crypto"
expect_status qemu/crypto-kat-fails/stops 255
expect_log qemu/crypto-kat-fails/report $log "crypto self-test failed: ML-DSA-87 gave a wrong answer" \
	"KERNEL PANIC" "!init running"

qemu_boot no-modules -kernel $B/skyscope.elf -append "debugexit"
expect_status qemu/no-modules/stops 249
expect_log qemu/no-modules/report $log "the loader passed no boot modules" \
	"cannot start 'init': SKY_E_NOENT" "!KERNEL PANIC"

cp $B/test/bundle.skb "$tmp/corrupt.skb"
printf '\377\377\377\377' | dd of="$tmp/corrupt.skb" bs=1 seek=$((32 + 64 * 2 + 48)) conv=notrunc status=none
qemu_boot corrupt-bundle -kernel $B/skyscope.elf -initrd "$tmp/corrupt.skb" -append "debugexit"
expect_status qemu/corrupt-bundle/stops 249
expect_log qemu/corrupt-bundle/report $log \
	"module 0 refused: corrupt bundle: file lies outside the bundle data (entry 2)" \
	"cannot start 'init'" "!KERNEL PANIC"

head -c 3000 /dev/urandom >"$tmp/garbage"
qemu_boot garbage-module -kernel $B/skyscope.elf -initrd "$tmp/garbage" -append "debugexit"
expect_status qemu/garbage-module/stops 249
expect_log qemu/garbage-module/report $log "file 'module0', 3000 bytes" \
	"cannot start 'init': SKY_E_NOENT" "!KERNEL PANIC"

$B/bin/skybundle -o "$tmp/badinit.skb" $B/test/badelf/bad_seg_overlap.elf=init
qemu_boot bad-init -kernel $B/skyscope.elf -initrd "$tmp/badinit.skb" -append "debugexit"
expect_status qemu/bad-init/stops 249
expect_log qemu/bad-init/report $log "loader: refused 'init': segments overlap" \
	"cannot start 'init': SKY_E_CORRUPT" "!KERNEL PANIC"

echo "== QEMU: the system as shipped"
STOP_AT="the system is idle" qemu_boot make-run -kernel $B/skyscope.elf -initrd $B/bundle.skb
expect_log qemu/make-run/boots-to-idle $log "crypto: known-answer self-test passed" "init running as pid 1" "hello: pid 2, 3 arguments" \
	"the system is idle" "!KERNEL PANIC" "!warning"

qemu_boot grub-iso -cdrom $B/test/skyscope-test.iso
check_plan grub-iso "t_time,t_badelf,t_spawn,hello_loose" $log
expect_log qemu/grub-iso/multiboot2 $log "booted by multiboot2" "file 'hello_loose'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
