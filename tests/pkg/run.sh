#!/usr/bin/env bash
# run.sh — the supply chain end to end (docs/pkg.md): skypack, skyimage and
# skyrepo under the sanitizers on a repository made from test keys, round
# trips, the promotion gate, and every refusal — rollback, freeze,
# mix-and-match, unknown, revoked and wrong-role keys, thresholds,
# truncation, a flipped bit in each region, oversized declared sizes, zstd
# bombs — each with its reason, and refused commands change nothing.
# One PASS/FAIL line per check.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
P=${SKYPACK:-$B/san/bin/skypack}
I=${SKYIMAGE:-$B/san/bin/skyimage}
R=${SKYREPO:-$B/san/bin/skyrepo}
PREFIX=pkg
. tests/tool_checks.sh

# refuse NAME REASON COMMAND...: exit 1 with "(REASON)" in the message.
refuse() {
	local name=$1 reason=$2
	shift 2
	"$@" >"$t/out" 2>"$t/err"
	local rc=$?
	if [ $rc -eq 1 ] && grep -q "refused ($reason)" "$t/err"; then
		echo "PASS $PREFIX/$name"
	else
		echo "FAIL $PREFIX/$name: exit $rc, wanted 1 ($reason): $(head -c 300 "$t/err")"
	fi
}
# A fingerprint of a directory's files, to show a refused command changed nothing.
tree_sum() { (cd "$1" && find . -type f | sort | xargs sha256sum | sha256sum); }
unchanged() { # NAME DIR SUM
	[ "$(tree_sum "$2")" = "$3" ] && echo "PASS $PREFIX/$1" || echo "FAIL $PREFIX/$1: $2 changed"
}
# flip FILE OFFSET OUT: a copy with one bit changed at OFFSET.
flip() {
	cp "$1" "$3"
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf '%03o' $((b ^ 4)))" | dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}
# poke FILE OFFSET HEXBYTES OUT: a copy with bytes set at OFFSET.
poke() {
	cp "$1" "$4"
	printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$4" bs=1 seek="$2" conv=notrunc status=none
}
le32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }

NOW=1800000000
K=$t/keys
repo=$t/repo
mkdir -p "$K"

check help-skypack 0 $P --help
check help-skyimage 0 $I --help
check help-skyrepo 0 $R --help
check usage-no-command 2 $P
check usage-unknown-command 2 $P frobnicate
check usage-verify-no-repo 2 $P verify build/repo/packages/hello-1.0.0.skm
check usage-bad-option 2 $R snapshot "$repo" --bogus
check usage-image-no-descriptor 2 $I build -o "$t/x.ski"
check usage-missing-file 2 $P inspect "$t/nothing.skm"

# Keys from fixed seeds (test keys), and certificates for each role.
for k in root1 root2 root3 package package2 image promotion snapshot rogue; do
	seed=$(printf 'skyscope pkg test %s' $k | sha256sum | cut -d' ' -f1)
	$P keygen --seed "$seed" -o "$K/$k" || echo "FAIL pkg/keygen-$k"
done
[ "$(stat -c %s "$K/root1.pub")" = 2592 ] && [ "$(stat -c %a "$K/root1.sec")" = 600 ] &&
	echo "PASS pkg/keygen-files" || echo "FAIL pkg/keygen-files"
seed=$(printf 'skyscope pkg test root1' | sha256sum | cut -d' ' -f1)
$P keygen --seed "$seed" -o "$t/again" && cmp -s "$t/again.pub" "$K/root1.pub" &&
	echo "PASS pkg/keygen-deterministic" || echo "FAIL pkg/keygen-deterministic"
YEAR=$((NOW + 365 * 86400))
ROOTS=(--root "$K/root1.sec" --root "$K/root2.sec")
for role in package image promotion snapshot; do
	check certify-$role 0 $P certify "${ROOTS[@]}" --role $role --key "$K/$role.pub" \
		--expires $YEAR -o "$K/$role.crt"
done
$P certify "${ROOTS[@]}" --role package --key "$K/package2.pub" --expires $YEAR -o "$K/package2.crt"
$P certify --root "$K/rogue.sec" --role package --key "$K/rogue.pub" --expires $YEAR -o "$K/rogue.crt"
$P certify "${ROOTS[@]}" --role package --key "$K/rogue.pub" --expires $((NOW - 1)) -o "$K/old.crt"
check usage-certify-bad-role 2 $P certify "${ROOTS[@]}" --role king --key "$K/rogue.pub" \
	--expires $YEAR -o "$K/x.crt"

INIT=($R init "$repo" --root "$K/root1.pub" --root "$K/root2.pub" --root "$K/root3.pub"
	--threshold 2 --policy examples/policy --expires $YEAR --now $NOW
	--cert "$K/package.crt" --cert "$K/image.crt" --cert "$K/promotion.crt" --cert "$K/snapshot.crt")
refuse init-one-root-of-two threshold "${INIT[@]}" --sign "$K/root1.sec"
absent init-refused-writes-nothing "$repo/trust.skt"
refuse init-uncertified-key unknown-key "${INIT[@]}" --sign "$K/root1.sec" --sign "$K/root2.sec" \
	--cert "$K/rogue.crt"
refuse init-expired-cert key-expired "${INIT[@]}" --sign "$K/root1.sec" --sign "$K/root2.sec" \
	--cert "$K/old.crt"
check init 0 "${INIT[@]}" --sign "$K/root1.sec" --sign "$K/root3.sec"
check init-twice 2 "${INIT[@]}" --sign "$K/root1.sec" --sign "$K/root3.sec"

# Packages: hello 1.0.0 from the example manifest, promoted with both results the policy asks.
manifest() { sed "s/^version = .*/version = $1/; s/^name = .*/name = ${2:-hello}/" examples/hello.manifest >"$t/m.$1.${2:-hello}"; }
manifest 1.0.0
check build 0 $P build --manifest "$t/m.1.0.0.hello" --elf $B/guest/hello.elf -o "$t/h1.skm"
check inspect-unsigned 0 $P inspect "$t/h1.skm"
grep -q '^# 0 signatures' "$t/out" && echo "PASS pkg/inspect-says-unsigned" || echo "FAIL pkg/inspect-says-unsigned"
cp "$t/h1.skm" "$t/unsigned.skm"
check sign 0 $P sign --key "$K/package.sec" "$t/h1.skm"
check sign-twice-refused 2 $P sign --key "$K/package.sec" "$t/h1.skm"
$P inspect "$t/h1.skm" >"$t/inspect1"
grep -v '^#' "$t/inspect1" >"$t/m.round"
$P build --manifest "$t/m.round" --elf $B/guest/hello.elf -o "$t/round.skm" &&
	$P inspect "$t/round.skm" | grep -v '^#' | cmp -s - "$t/m.round" &&
	echo "PASS pkg/manifest-text-round-trip" || echo "FAIL pkg/manifest-text-round-trip"
grep -q '^require = console endpoint write$' "$t/inspect1" && grep -q '^entry = 0x' "$t/inspect1" &&
	echo "PASS pkg/inspect-manifest" || echo "FAIL pkg/inspect-manifest: $(cat "$t/inspect1")"
printf 'name = Bad Name\nversion = 1.0.0\n' >"$t/m.bad"
check usage-bad-manifest 2 $P build --manifest "$t/m.bad" --elf $B/guest/hello.elf -o "$t/x.skm"
printf 'name = x\nversion = 1.0.0\nentry = 0x1234\n' >"$t/m.entry"
check usage-manifest-wrong-entry 2 $P build --manifest "$t/m.entry" --elf $B/guest/hello.elf -o "$t/x.skm"
absent usage-writes-nothing "$t/x.skm"

promote() { # PKG CHECK OUTCOME OUT [KEY]
	$P promote --key "${5:-$K/promotion.sec}" --check "$2" --"$3" --now $NOW "$1" -o "$4"
}
promote "$t/h1.skm" tests pass "$t/h1.tests"
promote "$t/h1.skm" silaverify pass "$t/h1.sv"
promote "$t/h1.skm" silaverify fail "$t/h1.svfail"
promote "$t/h1.skm" silaverify pass "$t/h1.svwrongkey" "$K/package.sec"
sum=$(tree_sum "$repo")
refuse gate-no-results policy $R add "$repo" "$t/h1.skm" --now $NOW
refuse gate-missing-one policy $R add "$repo" "$t/h1.skm" "$t/h1.tests" --now $NOW
refuse gate-failed-check policy $R add "$repo" "$t/h1.skm" "$t/h1.tests" "$t/h1.svfail" --now $NOW
refuse gate-result-wrong-role wrong-role $R add "$repo" "$t/h1.skm" "$t/h1.tests" "$t/h1.svwrongkey" --now $NOW
manifest 1.0.0 other
$P build --manifest "$t/m.1.0.0.other" --elf $B/guest/hello.elf -o "$t/other.skm"
$P sign --key "$K/package.sec" "$t/other.skm"
promote "$t/other.skm" silaverify pass "$t/other.sv"
refuse gate-result-for-another-package policy $R add "$repo" "$t/h1.skm" "$t/h1.tests" "$t/other.sv" --now $NOW
refuse add-unsigned threshold $R add "$repo" "$t/unsigned.skm" "$t/h1.tests" "$t/h1.sv" --now $NOW
unchanged refused-adds-change-nothing "$repo" "$sum"
check gate-admits 0 $R add "$repo" "$t/h1.skm" "$t/h1.tests" "$t/h1.sv" --now $NOW
promote "$t/other.skm" tests pass "$t/other.tests"
check gate-admits-default-rule 0 $R add "$repo" "$t/other.skm" "$t/other.tests" --now $NOW
[ -f "$repo/packages/hello-1.0.0.skm" ] && [ -f "$repo/results/hello-1.0.0.1.skv" ] &&
	echo "PASS pkg/add-stores" || echo "FAIL pkg/add-stores"
refuse gate-default-rule-needs-tests policy $R add "$repo" "$t/other.skm" --now $NOW
refuse verify-before-snapshot not-in-snapshot $P verify --repo "$repo" --now $NOW "$t/h1.skm"

SNAP_EXP=$((NOW + 1000))
sum=$(tree_sum "$repo")
refuse snapshot-wrong-role wrong-role $R snapshot "$repo" --key "$K/package.sec" --expires $SNAP_EXP --now $NOW
unchanged refused-snapshot-changes-nothing "$repo" "$sum"
check snapshot 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $SNAP_EXP --now $NOW
cp "$repo/snapshot.sks" "$t/snapshot1.sks"
check verify 0 $P verify --repo "$repo" --now $NOW "$t/h1.skm"
grep -q "ok: hello 1.0.0" "$t/out" && echo "PASS pkg/verify-says-ok" || echo "FAIL pkg/verify-says-ok"
check verify-repo-copy 0 $P verify --repo "$repo" --now $NOW "$repo/packages/hello-1.0.0.skm"
# The verifier's own anchor: the right one passes, another (a repository whose roots sign
# nothing here, as a mirror that swapped root.skr would have) refuses the trust store.
cp "$repo/root.skr" "$t/anchor.skr"
check verify-anchor 0 $P verify --repo "$repo" --anchor "$t/anchor.skr" --now $NOW "$t/h1.skm"
check verify-anchor-example 1 $P verify --repo "$repo" --anchor $B/repo/root.skr --now $NOW "$t/h1.skm"
grep -q "refused (unknown-key)" "$t/err" && echo "PASS pkg/foreign-anchor-refused" ||
	echo "FAIL pkg/foreign-anchor-refused: $(cat "$t/err")"

# Freeze: the snapshot expired (and the trust store, later still).
refuse freeze expired $P verify --repo "$repo" --now $SNAP_EXP "$t/h1.skm"
refuse trust-store-expired expired $P verify --repo "$repo" --now $YEAR "$t/h1.skm"
# The keeper is not locked out by a frozen repository: a new snapshot ends the freeze.
cp -r "$repo" "$t/thaw"
check keeper-replaces-expired-snapshot 0 $R snapshot "$t/thaw" --key "$K/snapshot.sec" \
	--expires $((SNAP_EXP + 100)) --now $SNAP_EXP
check verify-after-thaw 0 $P verify --repo "$t/thaw" --now $SNAP_EXP "$t/h1.skm"

# Mix-and-match: validly signed, but not the file the snapshot pins.
$P build --manifest "$t/m.1.0.0.hello" --elf $B/guest/init.elf -o "$t/h1b.skm"
$P sign --key "$K/package.sec" "$t/h1b.skm"
refuse mix-and-match-same-version not-in-snapshot $P verify --repo "$repo" --now $NOW "$t/h1b.skm"
manifest 1.0.0 stranger
$P build --manifest "$t/m.1.0.0.stranger" --elf $B/guest/hello.elf -o "$t/stranger.skm"
$P sign --key "$K/package.sec" "$t/stranger.skm"
refuse mix-and-match-unlisted not-in-snapshot $P verify --repo "$repo" --now $NOW "$t/stranger.skm"
check add-reused-version 1 $R add "$repo" "$t/h1b.skm" "$t/h1.tests" --now $NOW

# Keys: unknown, wrong role, none.
cp "$t/unsigned.skm" "$t/rogue.skm" && $P sign --key "$K/rogue.sec" "$t/rogue.skm"
refuse unknown-key unknown-key $P verify --repo "$repo" --now $NOW "$t/rogue.skm"
cp "$t/unsigned.skm" "$t/imgsigned.skm" && $P sign --key "$K/image.sec" "$t/imgsigned.skm"
refuse wrong-role wrong-role $P verify --repo "$repo" --now $NOW "$t/imgsigned.skm"
refuse unsigned threshold $P verify --repo "$repo" --now $NOW "$t/unsigned.skm"

# Truncations and one flipped bit in each region of the package.
h=$t/h1.skm
m=$(le32 "$h" 12)
plen=$(le32 "$h" 16)
size=$(stat -c %s "$h")
for cut in 0 20 $((32 + m / 2)) $((32 + m + 50)) $((32 + m + plen / 2)) $((32 + m + plen + 2)) $((size - 1)); do
	head -c $cut "$h" >"$t/cut.skm"
	refuse truncated-at-$cut malformed $P verify --repo "$repo" --now $NOW "$t/cut.skm"
done
bit() { # NAME OFFSET REASON
	flip "$h" "$2" "$t/flip.skm"
	refuse flip-$1 "$3" $P verify --repo "$repo" --now $NOW "$t/flip.skm"
}
bit magic 3 malformed
bit header-size 8 malformed
bit header-reserved 27 malformed
bit manifest $((32 + m / 2)) bad-signature
bit cmh-magic $((32 + m + 1)) malformed
bit cmh-sizes $((32 + m + 24)) bad-signature
bit cmh-hash $((32 + m + 40)) bad-signature
bit payload $((32 + m + 96 + (plen - 96) / 2)) bad-signature
bit sig-count $((32 + m + plen)) too-large
bit key-id $((32 + m + plen + 4 + 3)) unknown-key
bit signature $((32 + m + plen + 4 + 32 + 1000)) bad-signature
bit signature-end $((size - 1)) bad-signature

# Oversized declared sizes are refused before anything is read through them.
poke "$h" 12 ffffffff "$t/big.skm"
refuse oversized-manifest too-large $P verify --repo "$repo" --now $NOW "$t/big.skm"
poke "$h" 16 ffffffffffffff7f "$t/big.skm"
refuse oversized-payload malformed $P verify --repo "$repo" --now $NOW "$t/big.skm"
poke "$h" $((32 + m + 24)) 0000000000010000 "$t/big.skm"
refuse oversized-module too-large $P verify --repo "$repo" --now $NOW "$t/big.skm"
poke "$h" $((32 + m + plen)) e8030000 "$t/big.skm"
refuse oversized-signature-count too-large $P verify --repo "$repo" --now $NOW "$t/big.skm"
check inspect-refuses-corrupt 1 $P inspect "$t/big.skm"

# Payloads that lie, validly signed (a package key signed something bad):
# refused at decompression or at the hash, at admission and at verification.
manifest 6.6.6
$P build --manifest "$t/m.6.6.6.hello" --elf $B/guest/hello.elf -o "$t/h6.skm"
evil=$t/evil
cp -r "$repo" "$evil"
for kind in bomb frame hash; do
	$B/bin/mkbadpkg $kind "$K/package.sec" "$t/h6.skm" "$t/$kind.skm" || echo "FAIL pkg/mkbadpkg-$kind"
	promote "$t/$kind.skm" tests pass "$t/$kind.tests"
	refuse admit-$kind content $R add "$repo" "$t/$kind.skm" "$t/$kind.tests" --now $NOW
done
cp "$t/bomb.skm" "$evil/packages/"
$R snapshot "$evil" --key "$K/snapshot.sec" --expires $SNAP_EXP --now $NOW >/dev/null
refuse zstd-bomb content $P verify --repo "$evil" --now $NOW "$t/bomb.skm"
grep -q "decodes to more than the header says" "$t/err" && echo "PASS pkg/zstd-bomb-says-why" ||
	echo "FAIL pkg/zstd-bomb-says-why: $(cat "$t/err")"
for kind in frame hash; do
	rm -f "$evil/packages/"{bomb,frame,hash}.skm && cp "$t/$kind.skm" "$evil/packages/"
	$R snapshot "$evil" --key "$K/snapshot.sec" --expires $SNAP_EXP --now $NOW >/dev/null
	refuse lying-$kind content $P verify --repo "$evil" --now $NOW "$t/$kind.skm"
done

# Rollback: hello 1.1.0 enters; 1.0.0 (still listed, validly signed) is refused, and so is
# the older snapshot or trust store replayed.
manifest 1.1.0
$P build --manifest "$t/m.1.1.0.hello" --elf $B/guest/hello.elf -o "$t/h11.skm"
$P sign --key "$K/package.sec" "$t/h11.skm"
promote "$t/h11.skm" tests pass "$t/h11.tests"
promote "$t/h11.skm" silaverify pass "$t/h11.sv"
check add-newer 0 $R add "$repo" "$t/h11.skm" "$t/h11.tests" "$t/h11.sv" --now $NOW
check snapshot-2 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $SNAP_EXP --now $NOW
check verify-newer 0 $P verify --repo "$repo" --now $NOW "$t/h11.skm"
refuse rollback rollback $P verify --repo "$repo" --now $NOW "$t/h1.skm"
refuse add-rollback rollback $R add "$repo" "$t/h1.skm" "$t/h1.tests" "$t/h1.sv" --now $NOW
cp "$repo/snapshot.sks" "$t/snapshot2.sks"
cp "$t/snapshot1.sks" "$repo/snapshot.sks"
refuse snapshot-rollback rollback $P verify --repo "$repo" --now $NOW "$t/h11.skm"
cp "$t/snapshot2.sks" "$repo/snapshot.sks"
# --record: what a verifier accepted becomes its floor (a fresh verifier's memory here).
cp -r "$repo" "$t/rec" && rm "$t/rec/state.sks"
check fresh-verifier-accepts-older 0 $P verify --repo "$t/rec" --now $NOW "$t/h1.skm"
check verify-record 0 $P verify --repo "$t/rec" --now $NOW --record "$t/h11.skm"
refuse recorded-floor rollback $P verify --repo "$t/rec" --now $NOW "$t/h1.skm"

# Rotation: the package key is replaced; what the current snapshot lists stays valid until
# it expires, then the old key's signatures no longer count.
cp "$repo/trust.skt" "$t/trust1.skt"
sum=$(tree_sum "$repo")
refuse rotate-one-root threshold $R rotate "$repo" --cert "$K/package2.crt" --sign "$K/root2.sec" --now $NOW
refuse rotate-uncertified unknown-key $R rotate "$repo" --cert "$K/rogue.crt" --sign "$K/root1.sec" \
	--sign "$K/root2.sec" --now $NOW
unchanged refused-rotate-changes-nothing "$repo" "$sum"
check rotate 0 $R rotate "$repo" --cert "$K/package2.crt" --sign "$K/root1.sec" --sign "$K/root2.sec" --now $NOW
check rotated-old-package-valid 0 $P verify --repo "$repo" --now $NOW "$t/h11.skm"
check snapshot-3 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $((NOW + 5000)) --now $NOW
check rotated-valid-until-old-expiry 0 $P verify --repo "$repo" --now $((SNAP_EXP - 1)) "$t/h11.skm"
refuse rotated-refused-after-old-expiry key-expired $P verify --repo "$repo" --now $SNAP_EXP "$t/h11.skm"
manifest 1.2.0
$P build --manifest "$t/m.1.2.0.hello" --elf $B/guest/hello.elf -o "$t/h12.skm"
cp "$t/h12.skm" "$t/h12old.skm" && $P sign --key "$K/package.sec" "$t/h12old.skm"
refuse old-key-cannot-sign-new key-expired $R add "$repo" "$t/h12old.skm" --now $SNAP_EXP
$P sign --key "$K/package2.sec" "$t/h12.skm"
promote "$t/h12.skm" tests pass "$t/h12.tests"
promote "$t/h12.skm" silaverify pass "$t/h12.sv"
check add-new-key 0 $R add "$repo" "$t/h12.skm" "$t/h12.tests" "$t/h12.sv" --now $NOW
check snapshot-4 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $((NOW + 5000)) --now $NOW
check new-key-valid-after-old-expiry 0 $P verify --repo "$repo" --now $SNAP_EXP "$t/h12.skm"
cp "$t/trust1.skt" "$repo/trust.skt.old"
cp "$repo/trust.skt" "$t/trust2.skt" && cp "$t/trust1.skt" "$repo/trust.skt"
refuse trust-store-rollback rollback $P verify --repo "$repo" --now $NOW "$t/h12.skm"
cp "$t/trust2.skt" "$repo/trust.skt" && rm "$repo/trust.skt.old"

# An expired trust store is renewed by the roots (here with a revocation).
short=$t/short
"${INIT[@]/$repo/$short}" --sign "$K/root1.sec" --sign "$K/root2.sec" >/dev/null
$R revoke "$short" --key "$K/rogue.pub" --sign "$K/root1.sec" --sign "$K/root2.sec" \
	--expires $((NOW + 10)) --now $NOW >/dev/null
$R snapshot "$short" --key "$K/snapshot.sec" --expires $((NOW + 1000)) --now $NOW >/dev/null
refuse short-trust-store-expired expired $P verify --repo "$short" --now $((NOW + 20)) "$t/h1.skm"
check keeper-renews-expired-trust-store 0 $R revoke "$short" --key "$K/image.pub" \
	--sign "$K/root1.sec" --sign "$K/root3.sec" --expires $YEAR --now $((NOW + 20))
refuse renewed-store-still-pins not-in-snapshot $P verify --repo "$short" --now $((NOW + 20)) "$t/h1.skm"

# Revocation: from the next trust store on, nothing the key signed counts.
sum=$(tree_sum "$repo")
refuse revoke-by-non-root unknown-key $R revoke "$repo" --key "$K/package2.pub" --sign "$K/package.sec" \
	--sign "$K/rogue.sec" --now $NOW
unchanged refused-revoke-changes-nothing "$repo" "$sum"
check revoke 0 $R revoke "$repo" --key "$K/package2.pub" --sign "$K/root2.sec" --sign "$K/root3.sec" --now $NOW
refuse revoked-key revoked-key $P verify --repo "$repo" --now $NOW "$t/h12.skm"

# Images: built, admitted, snapshotted, verified; refusals as for packages.
check image-build 0 $I build --descriptor examples/demo.image --key "$K/image.sec" -o "$t/demo.ski" "$t/h11.skm"
check image-inspect 0 $I inspect "$t/demo.ski"
grep -q '^module = hello one two' "$t/out" && grep -q '^grant = hello console endpoint write' "$t/out" &&
	echo "PASS pkg/image-inspect-descriptor" || echo "FAIL pkg/image-inspect-descriptor"
check image-add 0 $R add "$repo" "$t/demo.ski" --now $NOW
check image-snapshot 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $((NOW + 5000)) --now $NOW
check image-verify 0 $I verify --repo "$repo" --now $NOW "$t/demo.ski"
$I build --descriptor examples/demo.image --key "$K/package.sec" -o "$t/demo-pk.ski" "$t/h11.skm"
refuse image-wrong-role wrong-role $I verify --repo "$repo" --now $NOW "$t/demo-pk.ski"
$I build --descriptor examples/demo.image --key "$K/image.sec" -o "$t/demo-stranger.ski" "$t/stranger.skm" 2>/dev/null
sed 's/^version = .*/version = 1.0.1/' examples/demo.image >"$t/demo2.image"
$I build --descriptor "$t/demo2.image" --key "$K/image.sec" -o "$t/demo2.ski" "$t/h11.skm"
refuse image-not-in-snapshot not-in-snapshot $I verify --repo "$repo" --now $NOW "$t/demo2.ski"
sed 's/^module = hello.*/module = stranger/; s/^grant = hello/grant = stranger/' "$t/demo2.image" >"$t/demo3.image"
$I build --descriptor "$t/demo3.image" --key "$K/image.sec" -o "$t/demo3.ski" "$t/stranger.skm"
check image-module-not-in-repo 1 $R add "$repo" "$t/demo3.ski" --now $NOW
flip "$t/demo.ski" 40 "$t/demo-flip.ski"
refuse image-flipped-descriptor bad-signature $I verify --repo "$repo" --now $NOW "$t/demo-flip.ski"
head -c 100 "$t/demo.ski" >"$t/demo-cut.ski"
refuse image-truncated malformed $I verify --repo "$repo" --now $NOW "$t/demo-cut.ski"
refuse image-freeze expired $I verify --repo "$repo" --now $((NOW + 5000)) "$t/demo.ski"

# A package compressed with a dictionary: verified only where the repository has it.
cat docs/*.md >"$t/text" && split -b 4000 "$t/text" "$t/sample."
zstd -q --train "$t"/sample.* -o "$t/dict" --maxdict=16384 2>/dev/null
manifest 2.0.0 dicted
check build-with-dict 0 $P build --manifest "$t/m.2.0.0.dicted" --elf $B/guest/hello.elf \
	--dict "$t/dict" -o "$t/dicted.skm"
$P sign --key "$K/package.sec" "$t/dicted.skm"
promote "$t/dicted.skm" tests pass "$t/dicted.tests"
refuse dict-missing content $R add "$repo" "$t/dicted.skm" "$t/dicted.tests" --now $NOW
cp "$t/dict" "$repo/dicts/docs.dict"
check dict-present 0 $R add "$repo" "$t/dicted.skm" "$t/dicted.tests" --now $NOW
check usage-stray-file 2 $P build --manifest "$t/m.2.0.0.dicted" --elf $B/guest/hello.elf \
	-o "$t/x.skm" stray.skm

# Root rotation: version 2 of the root keys, signed by two old roots and both new ones; a
# verifier holding the old anchor follows it, old roots sign nothing more.
cp "$repo/root.skr" "$t/anchor1.skr"
for k in newroot1 newroot2; do
	$P keygen --seed "$(printf 'skyscope pkg test %s' $k | sha256sum | cut -d' ' -f1)" -o "$K/$k"
done
NEWROOTS=(--root "$K/newroot1.pub" --root "$K/newroot2.pub" --threshold 2 --now $NOW)
sum=$(tree_sum "$repo")
refuse rotate-root-without-old threshold $R rotate-root "$repo" "${NEWROOTS[@]}" \
	--sign "$K/newroot1.sec" --sign "$K/newroot2.sec"
refuse rotate-root-one-old threshold $R rotate-root "$repo" "${NEWROOTS[@]}" --sign "$K/root1.sec" \
	--sign "$K/newroot1.sec" --sign "$K/newroot2.sec"
refuse rotate-root-without-new threshold $R rotate-root "$repo" "${NEWROOTS[@]}" \
	--sign "$K/root1.sec" --sign "$K/root2.sec" --sign "$K/newroot1.sec"
unchanged refused-root-rotations-change-nothing "$repo" "$sum"
check rotate-root 0 $R rotate-root "$repo" "${NEWROOTS[@]}" --sign "$K/root1.sec" --sign "$K/root3.sec" \
	--sign "$K/newroot1.sec" --sign "$K/newroot2.sec"
check snapshot-after-root-rotation 0 $R snapshot "$repo" --key "$K/snapshot.sec" --expires $((NOW + 5000)) \
	--now $NOW
check old-anchor-follows-rotation 0 $P verify --repo "$repo" --anchor "$t/anchor1.skr" --now $NOW \
	"$t/dicted.skm"
check old-anchor-follows-rotation-image 0 $I verify --repo "$repo" --anchor "$t/anchor1.skr" \
	--now $NOW "$t/demo.ski"
refuse old-roots-sign-nothing-more unknown-key $R revoke "$repo" --key "$K/rogue.pub" \
	--sign "$K/root1.sec" --sign "$K/root2.sec" --now $NOW
check new-roots-sign 0 $R revoke "$repo" --key "$K/rogue.pub" --sign "$K/newroot1.sec" \
	--sign "$K/newroot2.sec" --now $NOW
cp -r "$repo" "$t/forged"
flip "$repo/roots/root-000002.skr" 500 "$t/forged/roots/root-000002.skr"
refuse forged-root-rotation bad-signature $P verify --repo "$t/forged" --anchor "$t/anchor1.skr" \
	--now $NOW "$t/dicted.skm"
rm -r "$t/forged/roots" && cp "$t/anchor1.skr" "$t/forged/root.skr"
refuse root-rollback rollback $P verify --repo "$t/forged" --now $NOW "$t/dicted.skm"

# The example repository `make` builds verifies with the tools.
check example-repo-package 0 $P verify --repo $B/repo $B/repo/packages/hello-1.0.0.skm
check example-repo-image 0 $I verify --repo $B/repo $B/repo/images/demo-1.0.0.ski
