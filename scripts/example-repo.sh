#!/usr/bin/env bash
# example-repo.sh — the example repository `make` builds under build/repo/
# from test keys: root keys (2 of 3 sign the trust store), one key per role,
# the hello package promoted with the results examples/policy asks for, an
# image bundle starting it, and a snapshot.
#
# TEST KEYS ONLY: each key is made from a seed that is the SHA-256 of a
# public label ("skyscope test key root1"), so anyone can make them again.
# They are written to build/repo-keys/ at build time and never committed.
#
#   scripts/example-repo.sh BIN_DIR ELF OUT_DIR KEY_DIR
set -euo pipefail
bin=$1 elf=$2 repo=$3 keys=$4
now=$(date +%s)
year=$((now + 365 * 86400))
rm -rf "$repo" "$keys"
mkdir -p "$keys"
for k in root1 root2 root3 package image promotion snapshot; do
	seed=$(printf 'skyscope test key %s' $k | sha256sum | cut -d' ' -f1)
	$bin/skypack keygen --seed "$seed" -o "$keys/$k"
done
roots=(--root "$keys/root1.sec" --root "$keys/root2.sec")
for role in package image promotion snapshot; do
	$bin/skypack certify "${roots[@]}" --role $role --key "$keys/$role.pub" --expires $year \
		-o "$keys/$role.crt"
done
$bin/skyrepo init "$repo" --root "$keys/root1.pub" --root "$keys/root2.pub" \
	--root "$keys/root3.pub" --threshold 2 --sign "$keys/root1.sec" --sign "$keys/root2.sec" \
	--cert "$keys/package.crt" --cert "$keys/image.crt" --cert "$keys/promotion.crt" \
	--cert "$keys/snapshot.crt" --policy examples/policy --expires $year
$bin/skypack build --manifest examples/hello.manifest --elf "$elf" -o "$keys/hello.skm"
$bin/skypack sign --key "$keys/package.sec" "$keys/hello.skm"
for check in tests silaverify; do
	$bin/skypack promote --key "$keys/promotion.sec" --check $check --pass \
		--tool example-repo.sh "$keys/hello.skm" -o "$keys/hello.$check.skv"
done
$bin/skyrepo add "$repo" "$keys/hello.skm" "$keys/hello.tests.skv" "$keys/hello.silaverify.skv"
$bin/skyimage build --descriptor examples/demo.image --key "$keys/image.sec" \
	-o "$keys/demo.ski" "$keys/hello.skm"
$bin/skyrepo add "$repo" "$keys/demo.ski"
$bin/skyrepo snapshot "$repo" --key "$keys/snapshot.sec" --expires $((now + 30 * 86400))
$bin/skypack verify --repo "$repo" "$repo/packages/hello-1.0.0.skm"
$bin/skyimage verify --repo "$repo" "$repo/images/demo-1.0.0.ski"
