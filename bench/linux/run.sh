#!/bin/sh
# Linux reference benchmarks: boot Debian's own kernel under QEMU TCG with
# -icount shift=0 (rdtsc == retired instructions), run init.c as PID 1 and
# print its "bench <metric> <value> insns" lines on stdout.
#
# Usage (from the repository root):  bench/linux/run.sh
# Cache/work directory: build/linux-bench/ (kernel package is reused).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$ROOT/bench/linux
CACHE=$ROOT/build/linux-bench
METRICS="linux.syscall.null.insns linux.ctxswitch.yield.insns
linux.pipe.roundtrip.1b.insns linux.uds.roundtrip.1b.insns"

die() { echo "linux-bench: $*" >&2; exit 1; }
log() { echo "linux-bench: $*" >&2; }

mkdir -p "$CACHE"
cd "$CACHE"

# ---- 1. Debian kernel image (downloaded, never installed) ----
apt_download() {
	# apt-get download as root warns that _apt cannot write here; harmless.
	apt-get -q download "$1" >apt.log 2>&1 && return 0
	log "apt-get download $1 failed; running apt-get update and retrying"
	apt-get -q update >>apt.log 2>&1 || true
	apt-get -q download "$1" >>apt.log 2>&1 || { cat apt.log >&2; die "cannot download $1"; }
}

find_vmlinuz() { ls kernel/boot/vmlinuz-* 2>/dev/null | head -n 1; }

VMLINUZ=$(find_vmlinuz)
if [ -z "$VMLINUZ" ]; then
	command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
		die "apt-get and dpkg-deb are needed to fetch the Debian kernel"
	rm -f linux-image-*.deb
	log "downloading linux-image-amd64"
	apt_download linux-image-amd64
	META=$(ls linux-image-amd64_*.deb | head -n 1)
	# Depends looks like "linux-image-6.1.0-NN-amd64 (= 6.1.x-y)"; take the
	# first package name (also copes with alternatives and extra entries).
	PKG=$(dpkg-deb -f "$META" Depends | sed 's/[,|].*//; s/(.*//; s/[[:space:]]//g')
	[ -n "$PKG" ] || die "cannot read the kernel dependency of $META"
	log "downloading $PKG"
	apt_download "$PKG"
	rm -rf kernel
	dpkg-deb -x "$(ls "${PKG}"_*.deb | head -n 1)" kernel
	VMLINUZ=$(find_vmlinuz)
	[ -n "$VMLINUZ" ] || die "no boot/vmlinuz-* in $PKG"
fi
VMLINUZ=$CACHE/$VMLINUZ
log "kernel: $VMLINUZ"

# ---- 2. init (PID 1) and initramfs ----
# The kernel's built-in initramfs already provides /dev/console, so the
# archive only needs /init.
gcc -static -nostdlib -ffreestanding -O2 -fno-pic -no-pie -fno-stack-protector \
	-Wall -Wextra -o init "$SRC/init.c"
rm -rf initramfs && mkdir initramfs && cp init initramfs/init
(cd initramfs && echo init | cpio -o -H newc --quiet) >initramfs.cpio

# ---- 3. boot ----
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 not found"
rc=0
timeout 300 qemu-system-x86_64 \
	-accel tcg -cpu max -m 512M -smp 1 \
	-icount shift=0,align=off,sleep=off \
	-nographic -no-reboot \
	-kernel "$VMLINUZ" -initrd initramfs.cpio \
	-append "console=ttyS0 quiet panic=-1" \
	</dev/null >serial.log 2>&1 || rc=$?
[ "$rc" -eq 124 ] && log "QEMU timed out after 300 s"
[ "$rc" -ne 0 ] && log "QEMU exit status $rc"

# ---- 4. results ----
tr -d '\r' <serial.log | grep -a -E '^(info|error) ' | sed 's/^/linux-bench: /' >&2 || true
tr -d '\r' <serial.log | grep -a -E '^bench [^ ]+ [0-9]+ insns$' >results.txt || true
missing=0
for m in $METRICS; do
	grep -q "^bench $m " results.txt || { log "missing result: $m"; missing=1; }
done
tr -d '\r' <serial.log | grep -a -q -E '^error ' && { log "the guest reported errors"; missing=1; }
[ "$missing" -eq 0 ] || die "incomplete or invalid results (serial log: $CACHE/serial.log)"
cat results.txt
