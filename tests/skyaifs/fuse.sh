#!/usr/bin/env bash
# fuse.sh — skyaifs-fuse end to end, on an unencrypted and an encrypted
# volume: POSIX behaviour compared with tmpfs (tests/skyaifs/posix_compare.c),
# requests at the edges (tests/skyaifs/fuse_odd.c), the daemon going to the
# background, new files owned by the caller, the kernel checking permissions
# (and clearing set-user-ID bits on writes), a file unlinked while open, a
# second mount refused, a wrong key refused clearly, and data surviving
# unmount + remount and SIGTERM. Where FUSE is unavailable every check says
# SKIP, never PASS.
set -u
cd "$(dirname "$0")/../.."
B=$(realpath -m "${B:-build}") # one check starts the daemon from another directory
FUSE=$B/san/bin/skyaifs-fuse # the daemon under ASan and UBSan, which report into $t
MKFS=$B/bin/mkfs.skyaifs
COMPARE=$B/test/posix_compare
ODD=$B/test/fuse_odd
P=skyaifs-fuse

t=$(mktemp -d)
chmod 0755 "$t" # other users reach the mounts (the ownership checks)
export ASAN_OPTIONS=log_path=$t/sanitizer UBSAN_OPTIONS=log_path=$t/sanitizer
ref_is_tmpfs=0
mounts=()
images=()

# The pids holding a file open: the daemon serving an image (it keeps it open and locked).
holders() {
	local fd
	for fd in /proc/[0-9]*/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "$1" ] && echo "${fd#/proc/}" | cut -d/ -f1
	done | sort -u
}

cleanup() {
	local m img
	for m in "${mounts[@]}"; do
		grep -q " $m fuse" /proc/mounts && { fusermount3 -u "$m" 2>/dev/null || fusermount3 -u -z "$m"; }
	done
	for img in "${images[@]}"; do
		holders "$img" | xargs -r kill -9 2>/dev/null
	done
	[ $ref_is_tmpfs -eq 1 ] && umount "$t/ref"
	rm -rf "$t"
}
trap cleanup EXIT

pass() { echo "PASS $P/$1"; }
fail() { echo "FAIL $P/$1: $2"; }
skip_all() {
	local name
	for name in help usage-error missing-mountpoint not-an-image plain encrypted; do
		echo "SKIP $P/$name: $1"
	done
	exit 0
}

[ -x "$FUSE" ] || { fail build "$FUSE is missing"; exit 1; }
[ -x "$MKFS" ] || { fail build "$MKFS is missing"; exit 1; }
[ -c /dev/fuse ] || skip_all "/dev/fuse is missing (no FUSE in this kernel or container)"
command -v fusermount3 >/dev/null || skip_all "fusermount3 is missing (Debian package fuse3)"
if [ "$(id -u)" -ne 0 ] && [ ! -u "$(command -v fusermount3)" ]; then
	skip_all "not root and fusermount3 is not set-user-ID"
fi

mounted() { grep -q " $1 fuse.skyaifs " /proc/mounts; }

# unmount MNT IMAGE: unmount, then wait for the daemon to make its last commit and exit.
unmount() {
	fusermount3 -u "$1" || return 1
	for _ in $(seq 200); do
		[ -z "$(holders "$2")" ] && return 0
		sleep 0.05
	done
	return 1
}

# The reference: a tmpfs of our own as root, else the one at /dev/shm.
mkdir -p "$t/ref"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64m,mode=0755 tmpfs "$t/ref"; then
	ref_is_tmpfs=1
else
	rm -rf "$t/ref"
	ln -s "$(mktemp -d -p /dev/shm)" "$t/ref" && mkdir -p "$t/ref/"
fi

# ---- the command line ---------------------------------------------------------
"$FUSE" --help >"$t/out" 2>&1
if [ $? -eq 0 ] && grep -q "usage: skyaifs-fuse IMAGE MOUNTPOINT" "$t/out"; then
	pass help
else
	fail help "$(head -c 200 "$t/out")"
fi
"$FUSE" --no-such-option >/dev/null 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q "unknown option" "$t/err" && pass usage-error ||
	fail usage-error "exit $rc: $(head -c 200 "$t/err")"
"$FUSE" "$t/none.img" "$t/no-such-dir" 2>"$t/err"
rc=$?
[ $rc -eq 1 ] && grep -q "no-such-dir: No such file or directory" "$t/err" && pass missing-mountpoint ||
	fail missing-mountpoint "exit $rc: $(head -c 200 "$t/err")"
head -c 4M /dev/urandom >"$t/noise.img"
mkdir -p "$t/mnt-noise"
images+=("$t/noise.img")
mounts+=("$t/mnt-noise")
"$FUSE" "$t/noise.img" "$t/mnt-noise" 2>"$t/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "not a SKYAIFS image" "$t/err" && ! mounted "$t/mnt-noise"; then
	pass not-an-image
else
	fail not-an-image "exit $rc: $(head -c 200 "$t/err")"
fi

# ---- one volume ------------------------------------------------------------------
# volume NAME [KEYFILE]: make, mount and test a volume.
volume() {
	local name=$1 key=${2:-} img="$t/$1.img" mnt="$t/mnt-$1"
	local keyopt=()
	[ -n "$key" ] && keyopt=(--key-file "$key")
	mkdir -p "$mnt" "$t/$name.data"
	images+=("$img")
	mounts+=("$mnt")
	if ! "$MKFS" "$img" 64M ${key:+--encrypt} "${keyopt[@]}" >"$t/out" 2>&1; then
		fail "$name/mkfs" "$(head -c 200 "$t/out")"
		return
	fi

	# Without -f the daemon goes to the background once the mount is up.
	timeout 60 "$FUSE" "$img" "$mnt" "${keyopt[@]}" -o allow_other 2>"$t/err"
	local rc=$?
	local pid
	pid=$(holders "$img")
	if [ $rc -eq 0 ] && mounted "$mnt" && [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
		fail "$name/backgrounds" "daemon $pid not running"
	elif [ $rc -eq 0 ] && mounted "$mnt" && [ -n "$pid" ]; then
		pass "$name/backgrounds"
	else
		fail "$name/backgrounds" "exit $rc, mounted: $(mounted "$mnt" && echo yes || echo no): $(head -c 200 "$t/err")"
		return
	fi

	# POSIX behaviour, step by step against tmpfs.
	rm -rf "$t/ref/$name"
	mkdir -m 0755 "$t/ref/$name" "$mnt/posix"
	timeout -s KILL 300 "$COMPARE" "$t/ref/$name" "$mnt/posix" >"$t/out" 2>&1
	rc=$?
	sed -n "s#^\(PASS\|FAIL\|SKIP\) posix/#\1 $P/$name/posix/#p" "$t/out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$t/out"; then
		fail "$name/posix" "posix_compare exited with status $rc: $(tail -c 200 "$t/out")"
	fi

	# Requests at the edges: answered, and the daemon still serving.
	mkdir "$mnt/odd"
	timeout -s KILL 120 "$ODD" "$mnt/odd" >"$t/out" 2>&1
	rc=$?
	sed -n "s#^\(PASS\|FAIL\|SKIP\) odd/#\1 $P/$name/odd/#p" "$t/out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$t/out"; then
		fail "$name/odd" "fuse_odd exited with status $rc: $(tail -c 200 "$t/out")"
	fi

	# New files and directories belong to whoever makes them; the kernel checks access.
	mkdir -m 1777 "$mnt/shared"
	echo root >"$mnt/shared/root-file"
	if [ "$(id -u)" -eq 0 ]; then
		local as=(setpriv --reuid=4321 --regid=4321 --clear-groups)
		"${as[@]}" sh -c "echo x >'$mnt/shared/f' && mkdir '$mnt/shared/d' && ln -s f '$mnt/shared/l'"
		local owners
		owners=$(stat -c '%u:%g' "$mnt/shared/f" "$mnt/shared/d" "$mnt/shared/root-file" | tr '\n' ' ')
		local lowner
		lowner=$(stat -c '%u:%g' "$mnt/shared/l")
		[ "$owners" = "4321:4321 4321:4321 0:0 " ] && [ "$lowner" = 4321:4321 ] &&
			pass "$name/owner-is-caller" || fail "$name/owner-is-caller" "owners $owners, link $lowner"
		if "${as[@]}" sh -c "echo y >>'$mnt/shared/root-file'" 2>/dev/null ||
			"${as[@]}" rm -f "$mnt/shared/root-file" 2>/dev/null; then
			fail "$name/kernel-checks-permissions" "uid 4321 changed root's 0644 file in a sticky directory"
		else
			pass "$name/kernel-checks-permissions"
		fi
		echo x >"$mnt/shared/setuid" && chmod 4757 "$mnt/shared/setuid"
		"${as[@]}" sh -c "echo y >>'$mnt/shared/setuid'"
		local mode
		mode=$(stat -c '%a' "$mnt/shared/setuid")
		[ "$mode" = 757 ] && pass "$name/write-clears-set-user-id" ||
			fail "$name/write-clears-set-user-id" "mode $mode after another user's write, wanted 757"
	else
		[ "$(stat -c '%u:%g' "$mnt/shared/root-file")" = "$(id -u):$(id -g)" ] &&
			pass "$name/owner-is-caller" || fail "$name/owner-is-caller" "$(stat -c '%u:%g' "$mnt/shared/root-file")"
		echo "SKIP $P/$name/kernel-checks-permissions: needs root to act as another user"
	fi

	# A file unlinked while open stays readable through the descriptor, then goes.
	head -c 100000 /dev/urandom >"$t/$name.orphan"
	cp "$t/$name.orphan" "$mnt/orphan"
	exec 3<"$mnt/orphan"
	rm "$mnt/orphan"
	if cmp -s - "$t/$name.orphan" <&3 && [ ! -e "$mnt/orphan" ]; then
		pass "$name/open-unlinked-file"
	else
		fail "$name/open-unlinked-file" "contents lost after unlink"
	fi
	exec 3<&-

	local blocks
	blocks=$(stat -f -c '%b %S' "$mnt")
	[ "$blocks" = "16384 4096" ] && pass "$name/statfs" || fail "$name/statfs" "blocks and size '$blocks', wanted '16384 4096'"

	# Space comes back when a file goes (after the next idle commit), and df says so.
	dd if=/dev/urandom of="$mnt/space" bs=1M count=16 conv=fsync status=none
	local before after=0
	before=$(stat -f -c '%a' "$mnt")
	rm "$mnt/space"
	for _ in $(seq 40); do # statfs calls do not hold the commit back
		after=$(stat -f -c '%a' "$mnt")
		[ "$after" -ge $((before + 4096)) ] && break
		sleep 0.1
	done
	[ "$after" -ge $((before + 4096)) ] && pass "$name/space-returns-after-delete" ||
		fail "$name/space-returns-after-delete" "available blocks $before before rm of 16 MiB, $after 4 s after"

	# The image is locked while mounted.
	mkdir -p "$mnt.2"
	mounts+=("$mnt.2")
	"$FUSE" "$img" "$mnt.2" "${keyopt[@]}" 2>"$t/err"
	rc=$?
	if [ $rc -ne 0 ] && grep -q "in use" "$t/err" && ! mounted "$mnt.2"; then
		pass "$name/second-mount-refused"
	else
		fail "$name/second-mount-refused" "exit $rc: $(head -c 200 "$t/err")"
	fi

	# Data written survives unmount and remount.
	mkdir -p "$mnt/keep/sub"
	head -c 3000000 /dev/urandom >"$t/$name.data/big"
	cp "$t/$name.data/big" "$mnt/keep/big"
	echo "skyaifs-plaintext-marker-$name" >"$mnt/keep/sub/small"
	ln -s sub/small "$mnt/keep/link"
	dd if=/dev/urandom of="$mnt/keep/sparse" bs=4096 seek=2000 count=1 status=none
	chmod 0600 "$mnt/keep/sub/small"
	manifest() {
		(cd "$1/keep" && find . -printf '%p %y %m %s %l\n' | sort && find . -type f -exec sha256sum {} + | sort)
	}
	manifest "$mnt" >"$t/$name.before"
	if ! unmount "$mnt" "$img"; then
		fail "$name/unmount" "the daemon did not exit after fusermount3 -u"
		return
	fi
	pass "$name/unmount"
	if [ -n "$key" ]; then
		if grep -q "skyaifs-plaintext-marker" "$img"; then
			fail "$name/no-plaintext-in-image" "a file's contents are readable in the image"
		else
			pass "$name/no-plaintext-in-image"
		fi
		printf 'not the key\n' >"$t/wrong.key"
		"$FUSE" "$img" "$mnt" --key-file "$t/wrong.key" 2>"$t/err"
		rc=$?
		if [ $rc -ne 0 ] && grep -q "wrong passphrase or key file" "$t/err" && ! mounted "$mnt"; then
			pass "$name/wrong-key-refused"
		else
			fail "$name/wrong-key-refused" "exit $rc: $(head -c 200 "$t/err")"
		fi
		"$FUSE" "$img" "$mnt" 2>"$t/err"
		rc=$?
		if [ $rc -ne 0 ] && grep -q "needs --key-file" "$t/err" && ! mounted "$mnt"; then
			pass "$name/no-key-refused"
		else
			fail "$name/no-key-refused" "exit $rc: $(head -c 200 "$t/err")"
		fi
	fi
	if ! timeout 60 "$FUSE" "$img" "$mnt" "${keyopt[@]}" 2>"$t/err"; then
		fail "$name/survives-remount" "remount failed: $(head -c 200 "$t/err")"
		return
	fi
	manifest "$mnt" >"$t/$name.after"
	if diff -u "$t/$name.before" "$t/$name.after" >"$t/diff" && cmp -s "$t/$name.data/big" "$mnt/keep/big"; then
		pass "$name/survives-remount"
	else
		fail "$name/survives-remount" "$(head -c 300 "$t/diff")"
	fi
	unmount "$mnt" "$img" || fail "$name/final-unmount" "the daemon did not exit"

	# SIGTERM (as at shutdown) commits and unmounts, also when started with relative paths.
	if ! (cd "$t" && "$FUSE" "$name.img" "mnt-$name" "${keyopt[@]}") 2>"$t/err"; then
		fail "$name/sigterm" "mount failed: $(head -c 200 "$t/err")"
		return
	fi
	pid=$(holders "$img")
	echo "late change" >"$mnt/sigterm"
	[ -n "$pid" ] && kill -TERM "$pid"
	for _ in $(seq 100); do
		[ -z "$(holders "$img")" ] && break
		sleep 0.1
	done
	if [ -z "$pid" ] || [ -n "$(holders "$img")" ] || mounted "$mnt"; then
		fail "$name/sigterm" "daemon '$pid' still running or mount left behind: $(head -c 200 "$t/err")"
	elif ! "$FUSE" "$img" "$mnt" "${keyopt[@]}" 2>"$t/err" ||
		[ "$(cat "$mnt/sigterm" 2>/dev/null)" != "late change" ]; then
		fail "$name/sigterm" "the change made before SIGTERM is lost: $(head -c 200 "$t/err")"
	else
		pass "$name/sigterm"
	fi
	mounted "$mnt" && unmount "$mnt" "$img"
}

# subvolumes: a snapshot mounts read-only; a clone of a directory mounts with that directory as
# its root, and changes to it do not show in main.
subvolumes() {
	local img="$t/plain.img" mnt="$t/mnt-plain" tool=$B/bin/skyaifs-tool
	if [ ! -x "$tool" ]; then
		echo "SKIP $P/subvolumes: $tool is not built"
		return
	fi
	if ! "$tool" "$img" snapshot main snap >"$t/out" 2>&1 ||
		! "$tool" "$img" clone main work keep/sub >>"$t/out" 2>&1; then
		fail subvolumes "skyaifs-tool: $(head -c 200 "$t/out")"
		return
	fi
	if "$FUSE" "$img" "$mnt" --subvol snap 2>"$t/err"; then
		if grep " $mnt fuse.skyaifs " /proc/mounts | grep -q ' ro,' &&
			cmp -s "$mnt/keep/big" "$t/plain.data/big" && ! touch "$mnt/new" 2>/dev/null; then
			pass subvolumes/snapshot-read-only
		else
			fail subvolumes/snapshot-read-only "not read-only, or its contents differ"
		fi
		unmount "$mnt" "$img"
	else
		fail subvolumes/snapshot-read-only "mount failed: $(head -c 200 "$t/err")"
	fi
	if "$FUSE" "$img" "$mnt" --subvol work 2>"$t/err"; then
		local ok=0
		[ "$(cat "$mnt/small" 2>/dev/null)" = "skyaifs-plaintext-marker-plain" ] && echo changed >"$mnt/small" && ok=1
		unmount "$mnt" "$img"
		"$FUSE" "$img" "$mnt" 2>"$t/err"
		[ "$(cat "$mnt/keep/sub/small" 2>/dev/null)" = "skyaifs-plaintext-marker-plain" ] || ok=0
		unmount "$mnt" "$img"
		[ $ok -eq 1 ] && pass subvolumes/clone-of-a-directory ||
			fail subvolumes/clone-of-a-directory "the clone's root or its separation from main is wrong"
	else
		fail subvolumes/clone-of-a-directory "mount failed: $(head -c 200 "$t/err")"
	fi
	"$FUSE" "$img" "$mnt" --subvol nosuch 2>"$t/err"
	rc=$?
	[ $rc -ne 0 ] && grep -q "no such subvolume" "$t/err" && pass subvolumes/unknown-refused ||
		fail subvolumes/unknown-refused "exit $rc: $(head -c 200 "$t/err")"
}

volume plain
subvolumes
printf 'correct horse battery staple\n' >"$t/volume.key"
volume encrypted "$t/volume.key"

# The daemons' own stderr is gone once they detach: the sanitizers wrote to files instead.
if ls "$t"/sanitizer.* >/dev/null 2>&1; then
	fail sanitizers "$(cat "$t"/sanitizer.* | grep -m 3 -E 'ERROR|runtime error')"
else
	pass sanitizers
fi
exit 0
