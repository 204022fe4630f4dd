#!/usr/bin/env bash
# tools.sh — mkfs.skyaifs, fsck.skyaifs and skyaifs-tool end to end (the
# sanitizer builds): make volumes plain and encrypted, put files in, take
# snapshots and clones, damage the image and see fsck report and repair
# it, and every way an argument, a key or an image can be wrong. One
# PASS/FAIL line per check.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
MKFS=$B/san/bin/mkfs.skyaifs FSCK=$B/san/bin/fsck.skyaifs TOOL=$B/san/bin/skyaifs-tool
PREFIX=skyaifs-tools
. tests/tool_checks.sh
img=$t/v.img
has() { # name, file, pattern
	grep -q -- "$3" "$2" && echo "PASS $PREFIX/$1" || echo "FAIL $PREFIX/$1: no '$3' in $(head -c 300 "$2")"
}

check help-mkfs 0 $MKFS --help
check help-fsck 0 $FSCK --help
check help-tool 0 $TOOL --help
check usage-mkfs-size 2 $MKFS "$img" 12Q
check usage-mkfs-small 2 $MKFS "$img" 64K
check usage-mkfs-key-alone 2 $MKFS "$img" 8M --encrypt
check usage-fsck 16 $FSCK

# A plain volume: files in and out, snapshots, clones.
check mkfs 0 $MKFS "$img" 32M
check fsck-fresh 0 $FSCK "$img"
check usage-tool 2 $TOOL "$img" frobnicate
head -c 300000 /dev/urandom >"$t/blob"
check put 0 $TOOL "$img" put "$t/blob" /blob
check mkdir 0 $TOOL "$img" mkdir /dir
echo inner >"$t/inner"
check put-in-dir 0 $TOOL "$img" put "$t/inner" /dir/inner
check cat 0 $TOOL "$img" cat /blob
cmp -s "$t/out" "$t/blob" && echo "PASS $PREFIX/cat-content" || echo "FAIL $PREFIX/cat-content: differs"
check snapshot 0 $TOOL "$img" snapshot main snap1
check clone-subtree 0 $TOOL "$img" clone main dirclone /dir
check snapshot-exists 1 $TOOL "$img" snapshot main snap1
echo changed >"$t/changed"
check overwrite 0 $TOOL "$img" put "$t/changed" /blob
check snapshot-keeps 0 $TOOL "$img" --subvol snap1 cat /blob
cmp -s "$t/out" "$t/blob" && echo "PASS $PREFIX/snapshot-content" || echo "FAIL $PREFIX/snapshot-content: differs"
check snapshot-read-only 1 $TOOL "$img" --subvol snap1 put "$t/changed" /blob
has snapshot-read-only-says "$t/err" "read-only"
check clone-root 0 $TOOL "$img" --subvol dirclone cat /inner
has clone-root-content "$t/out" inner
check clone-no-escape 1 $TOOL "$img" --subvol dirclone cat /../blob
check list 0 $TOOL "$img" list
has list-names "$t/out" "dirclone"
check fsck-after 0 $FSCK "$img"
check delete 0 $TOOL "$img" delete snap1
check delete-gone 1 $TOOL "$img" --subvol snap1 ls /
check scrub 0 $TOOL "$img" scrub
check fsck-after-delete 0 $FSCK "$img"

# Damage: a flipped byte in a metadata copy is found and repaired.
node=$(od -A d -t x1 -v -w4096 "$img" | awk '$2=="53" && $3=="4b" && $4=="59" && $5=="4e" {print $1/4096}' | tail -n 1)
if [ -n "$node" ]; then
	printf '\xff' | dd of="$img" bs=1 seek=$((node * 4096 + 200)) conv=notrunc status=none
	check fsck-finds-damage 4 $FSCK "$img"
	check fsck-repairs 1 $FSCK "$img" --repair
	check fsck-clean-after-repair 0 $FSCK "$img"
else
	echo "FAIL $PREFIX/fsck-finds-damage: no tree node found in the image"
fi
# Not SKYAIFS, truncated: clear errors.
head -c 4194304 /dev/zero >"$t/zero.img"
check fsck-not-ours 8 $FSCK "$t/zero.img"
has fsck-not-ours-says "$t/err" "not a SKYAIFS volume"
head -c 1048576 "$img" >"$t/short.img"
check fsck-truncated 4 $FSCK "$t/short.img"
has fsck-truncated-says "$t/err" "truncated"

# An image in use is not repaired (the FUSE daemon holds the same lock).
if command -v flock >/dev/null; then
	flock -x "$img" sleep 3 &
	sleep 0.5
	check fsck-refuses-in-use 8 $FSCK "$img" --repair
	has fsck-refuses-in-use-says "$t/err" "in use"
	wait
fi

# Encrypted: the key opens it, a wrong one does not, nothing readable on disk.
printf 'correct horse battery staple\n' >"$t/key"
printf 'wrong\n' >"$t/bad"
check mkfs-encrypted 0 $MKFS "$t/e.img" 16M --encrypt --key-file "$t/key" --kdf-iterations 1000
printf 'plain text marker 12345\n' >"$t/marker"
check put-encrypted 0 $TOOL "$t/e.img" --key-file "$t/key" put "$t/marker" /marker-file
check cat-encrypted 0 $TOOL "$t/e.img" --key-file "$t/key" cat /marker-file
cmp -s "$t/out" "$t/marker" && echo "PASS $PREFIX/encrypted-content" || echo "FAIL $PREFIX/encrypted-content: differs"
check wrong-key 1 $TOOL "$t/e.img" --key-file "$t/bad" cat /marker-file
has wrong-key-says "$t/err" "wrong passphrase"
check no-key 1 $TOOL "$t/e.img" cat /marker-file
check fsck-encrypted 0 $FSCK "$t/e.img" --key-file "$t/key"
check fsck-wrong-key 8 $FSCK "$t/e.img" --key-file "$t/bad"
if grep -a -q -e 'plain text marker' -e 'marker-file' "$t/e.img"; then
	echo "FAIL $PREFIX/encrypted-opaque: a name or contents in the clear"
else
	echo "PASS $PREFIX/encrypted-opaque"
fi
