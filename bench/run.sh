#!/usr/bin/env bash
# run.sh — `make bench`: Skyscope's in-guest figures and Linux's, measured
# the same way in the same run (QEMU TCG, -icount shift=0: one TSC tick per
# retired instruction), then the ratios; and the host figures of lib/crypto,
# lib/zstd and lib/pkg.
# Then SKYAIFS through FUSE beside passthrough_ll (bench/fs.sh).
# One line per figure:
#   bench <metric> <value> <unit>
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
mkdir -p $B/bench

ICOUNT=(-icount shift=0,align=off,sleep=off)
log=$B/bench/skyscope.log
timeout 300 qemu-system-x86_64 -accel tcg -cpu max -m 256M -smp 1 -no-reboot -display none \
	-monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x04 "${ICOUNT[@]}" \
	-serial "file:$log" -kernel $B/skyscope.elf -initrd $B/bench/bundle.skb \
	-append "debugexit loglevel=warn plan=bench" || true
if ! grep -q "^plan: result bench pass" "$log"; then
	echo "bench: the Skyscope benchmark run failed; log: $log" >&2
	tail -n 20 "$log" >&2
	exit 1
fi
tr -d '\r' <"$log" | grep -E '^bench [^ ]+ [0-9]+ insns$' >$B/bench/skyscope.txt
cat $B/bench/skyscope.txt

bench/linux/run.sh >$B/bench/linux.txt
cat $B/bench/linux.txt

# Host figures of lib/crypto (TSC cycles) and lib/zstd beside libzstd (MB/s).
$B/bench/crypto
$B/bench/zstd

# The supply chain: a package of a 1 MiB module (the first MiB of QEMU's executable, real
# code) in a repository made from test keys as the example one is, verified as Skyscope will.
head -c 1048576 "$(command -v qemu-system-x86_64)" >$B/bench/1mib.elf
scripts/example-repo.sh $B/bin $B/bench/1mib.elf $B/bench/pkgrepo $B/bench/pkgkeys >/dev/null
$B/bench/pkg $B/bench/pkgrepo $B/bench/pkgrepo/packages/hello-1.0.0.skm

# Ratio lines: Skyscope's figure over Linux's counterpart.
value() { awk -v m="$2" '$2 == m { print $3 }' "$1"; }
ratio() { # NAME OURS_METRIC LINUX_METRIC
	local ours linux
	ours=$(value $B/bench/skyscope.txt "$2")
	linux=$(value $B/bench/linux.txt "$3")
	[ -n "$ours" ] && [ -n "$linux" ] &&
		awk -v a="$ours" -v b="$linux" -v m="$1" 'BEGIN { printf "bench %s %.3f x\n", m, a / b }'
}
ratio syscall.null.ratio_to_linux syscall.null.insns linux.syscall.null.insns
ratio ctxswitch.yield.ratio_to_linux ctxswitch.yield.insns linux.ctxswitch.yield.insns
ratio ipc.roundtrip.0b.ratio_to_linux_pipe_1b ipc.roundtrip.0b.insns linux.pipe.roundtrip.1b.insns
ratio ipc.roundtrip.0b.ratio_to_linux_uds_1b ipc.roundtrip.0b.insns linux.uds.roundtrip.1b.insns
ratio ipc.roundtrip.64b.ratio_to_linux_pipe_1b ipc.roundtrip.64b.insns linux.pipe.roundtrip.1b.insns

# SKYAIFS through skyaifs-fuse beside libfuse's passthrough_ll over tmpfs.
bench/fs.sh
