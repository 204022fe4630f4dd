#!/usr/bin/env bash
# fs.sh — SKYAIFS through skyaifs-fuse beside libfuse's own passthrough_ll
# example over tmpfs, in the same run with the same jobs: fio 4 KiB random
# read and write, 1 MiB sequential read and write (O_DIRECT, so the page
# cache does not stand in for the file system; one job, 256 MiB file,
# RUNTIME seconds each), and create / stat / unlink of 10,000 files
# (bench/host/fsmeta.c). The SKYAIFS image lives on tmpfs too, unencrypted
# and encrypted. Both daemons get the writeback cache, 1 s timeouts and
# extended attributes.
#   bench fs.<case>.<fs> <value> <unit>
#   bench fs.<case>.ratio <skyaifs / passthrough> x
#   bench fs.<case>.ratio_encrypted <skyaifs-enc / passthrough> x
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
RUNTIME=${FS_BENCH_RUNTIME:-10}
FILES=10000

for tool in $B/bin/skyaifs-fuse $B/bin/mkfs.skyaifs $B/bench/passthrough_ll $B/bench/fsmeta; do
	[ -x "$tool" ] || { echo "bench fs: $tool is missing" >&2; exit 1; }
done
command -v fio >/dev/null || { echo "bench fs: fio is missing (Debian package fio)" >&2; exit 1; }
if [ ! -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
	echo "bench fs: no FUSE here (/dev/fuse or fusermount3 missing): skipped" >&2
	exit 0
fi

t=$(mktemp -d)
mounts=("$t/passthrough" "$t/skyaifs" "$t/skyaifs-enc") # mounted in subshells, unmounted here
backing_is_tmpfs=0
cleanup() {
	local m
	for m in "${mounts[@]}"; do
		grep -q " $m fuse" /proc/mounts && { fusermount3 -u "$m" 2>/dev/null || fusermount3 -u -z "$m"; }
	done
	sleep 0.5 # let the daemons finish their last commit before their files go
	[ $backing_is_tmpfs -eq 1 ] && umount -l "$t/tmpfs"
	rm -rf "$t"
}
trap cleanup EXIT

# Backing store for both: a tmpfs of our own as root, else /dev/shm.
mkdir -p "$t/tmpfs"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=3g tmpfs "$t/tmpfs"; then
	backing_is_tmpfs=1
	store=$t/tmpfs
else
	store=$(mktemp -d -p /dev/shm)
	trap 'cleanup; rm -rf "$store"' EXIT
fi

# mount_fs NAME: mount file system NAME on $t/NAME.
mount_fs() {
	local mnt=$t/$1
	mkdir -p "$mnt"
	case $1 in
	passthrough)
		mkdir -p "$store/passthrough"
		# xattr on, as skyaifs-fuse has them: with them the kernel asks for security.capability
		# before every write (a round trip), without them it stops asking
		$B/bench/passthrough_ll -o source="$store/passthrough",writeback,cache=always,timeout=1,xattr "$mnt"
		;;
	skyaifs)
		$B/bin/mkfs.skyaifs "$store/plain.img" 1G >/dev/null
		$B/bin/skyaifs-fuse "$store/plain.img" "$mnt"
		;;
	skyaifs-enc)
		printf 'benchmark passphrase\n' >"$t/key"
		$B/bin/mkfs.skyaifs "$store/enc.img" 1G --encrypt --key-file "$t/key" >/dev/null
		$B/bin/skyaifs-fuse "$store/enc.img" "$mnt" --key-file "$t/key"
		;;
	esac
}

# fio_case NAME FS RW BS FIELD UNIT: one fio job, its figure from the terse output (field 7 is
# read KiB/s, 8 read IOPS, 48 write KiB/s, 49 write IOPS).
fio_case() {
	local name=$1 fs=$2 rw=$3 bs=$4 field=$5 unit=$6 out
	out=$(fio --name="$name" --filename="$t/$fs/fio.dat" --size=256M --rw="$rw" --bs="$bs" \
		--direct=1 --ioengine=psync --runtime="$RUNTIME" --time_based --end_fsync=1 \
		--randrepeat=1 --minimal)
	echo "$out" | awk -F';' -v f="$field" -v m="fs.$name.$fs" -v u="$unit" \
		'{ v = $f; if (u == "MiB/s") v = v / 1024; printf "bench %s %.1f %s\n", m, v, u }'
}

run_fs() {
	local fs=$1
	mount_fs "$fs"
	fio_case seqwrite1m "$fs" write 1M 48 MiB/s
	fio_case seqread1m "$fs" read 1M 7 MiB/s
	fio_case randwrite4k "$fs" randwrite 4k 49 IOPS
	fio_case randread4k "$fs" randread 4k 8 IOPS
	rm -f "$t/$fs/fio.dat"
	mkdir "$t/$fs/meta"
	if ! $B/bench/fsmeta "$t/$fs/meta" $FILES >"$t/meta.out"; then
		echo "bench fs: the metadata load failed on $fs" >&2
		touch "$t/failed"
	fi
	awk -v fs="$fs" '{ printf "bench fs.meta_%s.%s %s ops/s\n", $1, fs, $2 }' "$t/meta.out"
	fusermount3 -u "$t/$fs"
}

results=$t/results
for fs in passthrough skyaifs skyaifs-enc; do
	run_fs "$fs" | tee -a "$results"
done

value() { awk -v m="$1" '$2 == m { print $3 }' "$results"; }
for c in seqwrite1m seqread1m randwrite4k randread4k meta_create meta_stat meta_unlink; do
	base=$(value "fs.$c.passthrough")
	for pair in "ratio skyaifs" "ratio_encrypted skyaifs-enc"; do
		set -- $pair
		v=$(value "fs.$c.$2")
		[ -n "$v" ] && [ -n "$base" ] &&
			awk -v a="$v" -v b="$base" -v m="fs.$c.$1" 'BEGIN { printf "bench %s %.3f x\n", m, (b > 0 ? a / b : 0) }'
	done
done
# A figure missing because a run failed fails the benchmark, after all the others are out.
[ ! -e "$t/failed" ]
