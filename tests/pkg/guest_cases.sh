#!/usr/bin/env bash
# guest_cases.sh — the packages t_pkg verifies inside Skyscope, and what the
# host tool says about each: a repository from test keys (fixed seeds) in
# OUT/repo, packages and image bundles that are good or wrong in every way
# the verifier knows, and OUT/pkgt_expect, one line per file "FILE VERDICT"
# with the verdict `skypack verify` or `skyimage verify` gave (ok or the
# refusal's reason). t_pkg runs lib/pkg on the same files and must agree
# line by line.
#
#   tests/pkg/guest_cases.sh BIN_DIR HELLO_ELF OUT_DIR
set -euo pipefail
bin=$1 elf=$2 out=$3
NOW=1800000000
rm -rf "$out" && mkdir -p "$out/k"
k=$out/k repo=$out/repo
for n in root package image promotion snapshot rogue; do
	seed=$(printf 'skyscope guest test %s' $n | sha256sum | cut -d' ' -f1)
	$bin/skypack keygen --seed "$seed" -o "$k/$n"
done
for role in package image promotion snapshot; do
	$bin/skypack certify --root "$k/root.sec" --role $role --key "$k/$role.pub" \
		--expires $((NOW + 86400)) -o "$k/$role.crt"
done
printf '* tests\n' >"$k/policy"
$bin/skyrepo init "$repo" --root "$k/root.pub" --threshold 1 --sign "$k/root.sec" \
	--cert "$k/package.crt" --cert "$k/image.crt" --cert "$k/promotion.crt" \
	--cert "$k/snapshot.crt" --policy "$k/policy" --expires $((NOW + 86400)) --now $NOW >/dev/null
pkg() { # NAME VERSION OUT [KEY]
	sed "s/^version = .*/version = $2/; s/^name = .*/name = $1/" examples/hello.manifest >"$k/m"
	$bin/skypack build --manifest "$k/m" --elf "$elf" -o "$3"
	[ -z "${4:-}" ] || $bin/skypack sign --key "$4" "$3"
}
admit() {
	$bin/skypack promote --key "$k/promotion.sec" --check tests --pass --now $NOW "$1" -o "$k/r"
	$bin/skyrepo add "$repo" "$1" "$k/r" --now $NOW >/dev/null
}
pkg hello 1.0.0 "$out/pkgt_good.skm" "$k/package.sec"
admit "$out/pkgt_good.skm"
pkg hello 0.9.0 "$out/pkgt_old.skm" "$k/package.sec"
cp "$out/pkgt_old.skm" "$repo/packages/hello-0.9.0.skm" # listed, but older than the highest seen
pkg stranger 1.0.0 "$out/pkgt_unlisted.skm" "$k/package.sec"
pkg hello 1.0.0 "$out/pkgt_unsigned.skm"
pkg hello 1.0.0 "$out/pkgt_rogue.skm" "$k/rogue.sec"
pkg hello 1.0.0 "$out/pkgt_wrongrole.skm" "$k/image.sec"
pkg hello 6.6.6 "$k/h6.skm"
for kind in bomb hash; do
	$bin/mkbadpkg $kind "$k/package.sec" "$k/h6.skm" "$out/pkgt_$kind.skm"
done
cp "$out/pkgt_bomb.skm" "$repo/packages/hello-6.6.6.skm"
pkg lying 1.0.0 "$k/lying.skm"
$bin/mkbadpkg hash "$k/package.sec" "$k/lying.skm" "$out/pkgt_lyinghash.skm"
cp "$out/pkgt_lyinghash.skm" "$repo/packages/lying-1.0.0.skm"
# Image bundles: one admitted, one never admitted, one signed by a package key.
$bin/skyimage build --descriptor examples/demo.image --key "$k/image.sec" -o "$out/pkgt_img_good.ski" \
	"$out/pkgt_good.skm"
$bin/skyrepo add "$repo" "$out/pkgt_img_good.ski" --now $NOW >/dev/null
sed 's/^version = .*/version = 2.0.0/' examples/demo.image >"$k/demo2"
$bin/skyimage build --descriptor "$k/demo2" --key "$k/image.sec" -o "$out/pkgt_img_unlisted.ski" \
	"$out/pkgt_good.skm"
$bin/skyimage build --descriptor examples/demo.image --key "$k/package.sec" \
	-o "$out/pkgt_img_wrongrole.ski" "$out/pkgt_good.skm"
$bin/skyrepo snapshot "$repo" --key "$k/snapshot.sec" --expires $((NOW + 1000)) --now $NOW >/dev/null
img=$out/pkgt_img_good.ski
cp "$img" "$out/pkgt_img_flip.ski"
printf 'Z' | dd of="$out/pkgt_img_flip.ski" bs=1 seek=40 conv=notrunc status=none
head -c 200 "$img" >"$out/pkgt_img_truncated.ski"
# Broken copies of the good package, one region at a time.
good=$out/pkgt_good.skm
m=$(od -An -tu4 -j 12 -N4 "$good" | tr -d ' ')
p=$(od -An -tu4 -j 16 -N4 "$good" | tr -d ' ')
flip() { # OFFSET OUT
	cp "$good" "$2"
	b=$(od -An -tu1 -j "$1" -N1 "$good" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 1)))" | dd of="$2" bs=1 seek="$1" conv=notrunc status=none
}
flip 2 "$out/pkgt_flip_magic.skm"
flip $((32 + m / 2)) "$out/pkgt_flip_manifest.skm"
flip $((32 + m + 40)) "$out/pkgt_flip_cmh.skm"
flip $((32 + m + 96 + 100)) "$out/pkgt_flip_payload.skm"
flip $((32 + m + p + 4 + 40)) "$out/pkgt_flip_sig.skm"
head -c $((32 + m + p)) "$good" >"$out/pkgt_truncated.skm"
cp "$good" "$out/pkgt_huge.skm"
printf '\0\0\0\0\0\1\0\0' | dd of="$out/pkgt_huge.skm" bs=1 seek=$((32 + m + 24)) conv=notrunc status=none
for f in root.skr trust.skt snapshot.sks state.sks; do
	cp "$repo/$f" "$out/pkgt_repo_$f"
done
# The host tool's verdicts, at NOW; the good package's again after the snapshot expired.
{
	echo "now $NOW"
	for f in "$out"/pkgt_*.skm "$out"/pkgt_*.ski; do
		v=ok
		tool=$bin/skypack
		[ "${f%.ski}" = "$f" ] || tool=$bin/skyimage
		$tool verify --repo "$repo" --now $NOW "$f" >/dev/null 2>"$k/err" ||
			v=$(sed -n 's/.*refused (\([a-z-]*\)).*/\1/p' "$k/err")
		echo "$(basename "$f") ${v:-error}"
	done
} >"$out/pkgt_expect"
v=$($bin/skypack verify --repo "$repo" --now $((NOW + 1000)) "$good" 2>&1 |
	sed -n 's/.*refused (\([a-z-]*\)).*/\1/p' || true)
echo "frozen $((NOW + 1000)) pkgt_good.skm $v" >>"$out/pkgt_expect"
