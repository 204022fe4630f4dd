#!/usr/bin/env bash
# cli.sh — skycrypt's commands end to end: known answers from NIST's keyGen
# vectors, round trips, and every way a signature, ciphertext or sealed
# file can be wrong. One PASS/FAIL line per check.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
S=${SKYCRYPT:-$B/san/bin/skycrypt}
PREFIX=cli
. tests/tool_checks.sh
same() { # name, file, expected digest (SHA3-256)
	local got
	got=$($S hash --alg sha3-256 "$2" | cut -d' ' -f1)
	if [ "$got" = "$3" ]; then echo "PASS cli/$1"; else echo "FAIL cli/$1: $got"; fi
}
flip() { # file, byte offset: a copy with one bit changed
	cp "$1" "$1.flip"
	printf "\\$(printf %o $(($(od -An -tu1 -j "$2" -N1 "$1") ^ 4)))" |
		dd of="$1.flip" bs=1 seek="$2" conv=notrunc status=none
}

check help 0 $S --help
grep -q "keygen --alg" "$t/out" && grep -q "seal --key" "$t/out" && grep -q "acvp PROMPT" "$t/out" &&
	echo "PASS cli/help-documents-commands" || echo "FAIL cli/help-documents-commands"
check unknown-command 2 $S frobnicate
check unknown-option 2 $S sign --alg ml-dsa-87 --frob x

# NIST ACVP ML-DSA-87 keyGen tgId 3 tcId 51 and ML-KEM-1024 keyGen tgId 3 tcId 51.
check dsa-keygen-seed 0 $S keygen --alg ml-dsa-87 --pk "$t/pk" --sk "$t/sk" \
	--seed A16F5B0796703E2D1A0140A35CBF36EFABE70E752BA59B6A9A0E9C4B05302F73
same dsa-keygen-known-pk "$t/pk" 9df39232077a88b3b36c0d4b37d2d369f942baaaa436cf5486a1f09d45d7ce0b
same dsa-keygen-known-sk "$t/sk" c41388f22cf3bc0ce79eb5fccfafeee5ec31e3d4321a8befe7f230d6c4841cf0
[ "$(stat -c %a "$t/sk")" = 600 ] && echo "PASS cli/secret-key-mode-600" || echo "FAIL cli/secret-key-mode-600"
check kem-keygen-seed 0 $S keygen --alg ml-kem-1024 --pk "$t/ek" --sk "$t/dk" \
	--seed F3A706FAF090C03DB506863AB0B20BD8A1627956318E88C67EB875E8E726600935D2BC43DD1CC879F765BF2A0C5E297889DDE910E57E2BB0EAE417B90AB7A275
same kem-keygen-known-ek "$t/ek" 9370fe5b05ddc92c939f62cbde4c0fea36f45cd20c5748cf3ac891a4c2604496
same kem-keygen-known-dk "$t/dk" b8c683c71564ff8e2391c57b68c3a1ff186734b13e31d2a075b65307c8b80888
check keygen-short-seed 2 $S keygen --alg ml-dsa-87 --pk "$t/x" --sk "$t/y" --seed 0011
check keygen-random 0 $S keygen --alg ml-dsa-87 --pk "$t/pk2" --sk "$t/sk2"
cmp -s "$t/pk" "$t/pk2" && echo "FAIL cli/keygen-random-differs" || echo "PASS cli/keygen-random-differs"

# Signatures.
head -c 5000 /dev/urandom >"$t/msg"
check sign 0 $S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/sig" --context 00ff
check verify 0 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg" --sig "$t/sig" --context 00ff
check verify-other-context 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg" --sig "$t/sig" --context 00fe
check verify-no-context 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg" --sig "$t/sig"
flip "$t/sig" 1000
check verify-flipped-signature 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg" --sig "$t/sig.flip" --context 00ff
flip "$t/msg" 4999
check verify-flipped-message 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg.flip" --sig "$t/sig" --context 00ff
flip "$t/pk" 2000
check verify-flipped-key 1 $S verify --alg ml-dsa-87 --pk "$t/pk.flip" --in "$t/msg" --sig "$t/sig" --context 00ff
head -c 4000 "$t/sig" >"$t/sig.short"
check verify-truncated-signature 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/msg" --sig "$t/sig.short" --context 00ff
check verify-key-wrong-size 2 $S verify --alg ml-dsa-87 --pk "$t/sig" --in "$t/msg" --sig "$t/sig"
check verify-other-key 1 $S verify --alg ml-dsa-87 --pk "$t/pk2" --in "$t/msg" --sig "$t/sig" --context 00ff
check sign-context-too-long 2 $S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/x" --context "$(printf '00%.0s' $(seq 256))"
absent failed-sign-writes-nothing "$t/x"
$S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/d1" --deterministic
$S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/d2" --deterministic
$S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/h2"
$S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/msg" --out "$t/h3"
cmp -s "$t/d1" "$t/d2" && echo "PASS cli/deterministic-repeats" || echo "FAIL cli/deterministic-repeats"
cmp -s "$t/h2" "$t/h3" && echo "FAIL cli/hedged-differs" || echo "PASS cli/hedged-differs"

# Key encapsulation.
check encaps 0 $S encaps --alg ml-kem-1024 --pk "$t/ek" --ct "$t/ct" --ss "$t/ss1"
check decaps 0 $S decaps --alg ml-kem-1024 --sk "$t/dk" --ct "$t/ct" --ss "$t/ss2"
cmp -s "$t/ss1" "$t/ss2" && echo "PASS cli/shared-secrets-agree" || echo "FAIL cli/shared-secrets-agree"
flip "$t/ct" 700
check decaps-flipped 0 $S decaps --alg ml-kem-1024 --sk "$t/dk" --ct "$t/ct.flip" --ss "$t/ss3"
cmp -s "$t/ss1" "$t/ss3" && echo "FAIL cli/flipped-ciphertext-other-secret" || echo "PASS cli/flipped-ciphertext-other-secret"
{ printf '\377\377'; tail -c +3 "$t/ek"; } >"$t/ek.bad" # a coefficient of 4095, above q
check encaps-invalid-key 2 $S encaps --alg ml-kem-1024 --pk "$t/ek.bad" --ct "$t/x" --ss "$t/y"
flip "$t/dk" 3100 # inside the stored H(ek)
check decaps-invalid-key 2 $S decaps --alg ml-kem-1024 --sk "$t/dk.flip" --ct "$t/ct" --ss "$t/y"
check decaps-short-ciphertext 2 $S decaps --alg ml-kem-1024 --sk "$t/dk" --ct "$t/sig.short" --ss "$t/y"
absent failed-kem-writes-nothing "$t/x"
absent failed-kem-writes-nothing-secret "$t/y"

# Hashes (FIPS 202 / FIPS 180-4 examples).
printf abc >"$t/abc"
: >"$t/empty"
hash_is() { # name, alg, file, want, [len]
	local got
	got=$($S hash --alg "$2" ${5:+--len $5} "$3" | cut -d' ' -f1)
	[ "$got" = "$4" ] && echo "PASS cli/hash-$1" || echo "FAIL cli/hash-$1: $got"
}
hash_is sha3-256 sha3-256 "$t/abc" 3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532
hash_is sha3-512 sha3-512 "$t/abc" b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0
hash_is shake256 shake256 "$t/empty" 46b9dd2b0ba88d13233b3feb743eeb24 16
hash_is sha256 sha256 "$t/abc" ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
check hash-len-on-fixed-hash 2 $S hash --alg sha3-256 --len 5 "$t/abc"

# Sealing.
head -c 32 /dev/urandom >"$t/key"
check seal 0 $S seal --key "$t/key" --aad 0102 --in "$t/msg" --out "$t/sealed"
check open 0 $S open --key "$t/key" --aad 0102 --in "$t/sealed" --out "$t/opened"
cmp -s "$t/msg" "$t/opened" && echo "PASS cli/seal-round-trip" || echo "FAIL cli/seal-round-trip"
[ "$(stat -c %s "$t/sealed")" -eq $((5000 + 8 + 24 + 16)) ] && echo "PASS cli/sealed-size" || echo "FAIL cli/sealed-size"
check open-wrong-aad 1 $S open --key "$t/key" --aad 0103 --in "$t/sealed" --out "$t/z"
flip "$t/sealed" 2000
check open-flipped 1 $S open --key "$t/key" --aad 0102 --in "$t/sealed.flip" --out "$t/z"
flip "$t/sealed" 10 # inside the nonce
check open-flipped-nonce 1 $S open --key "$t/key" --aad 0102 --in "$t/sealed.flip" --out "$t/z"
head -c 32 /dev/urandom >"$t/key2"
check open-wrong-key 1 $S open --key "$t/key2" --aad 0102 --in "$t/sealed" --out "$t/z"
check open-not-sealed 2 $S open --key "$t/key" --in "$t/msg" --out "$t/z"
check open-short-key 2 $S open --key "$t/abc" --in "$t/sealed" --out "$t/z"
absent failed-open-writes-nothing "$t/z"

# Inputs are bytes, never inflated: a signed .gz verifies only as itself.
printf 'firmware image' | gzip -c >"$t/fw.gz"
printf 'firmware image' >"$t/fw"
$S sign --alg ml-dsa-87 --sk "$t/sk" --in "$t/fw.gz" --out "$t/fw.sig"
check verify-gzip-as-bytes 0 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/fw.gz" --sig "$t/fw.sig"
check verify-not-the-inflated-file 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/fw" --sig "$t/fw.sig"
{ cat "$t/fw.gz"; printf 'EVIL'; } >"$t/fw2.gz"
check verify-not-with-bytes-appended 1 $S verify --alg ml-dsa-87 --pk "$t/pk" --in "$t/fw2.gz" --sig "$t/fw.sig"

# Pairs are written together: a failing second file leaves no first one.
check keygen-pair-or-nothing 2 $S keygen --alg ml-dsa-87 --pk "$t/nodir/pk" --sk "$t/lonely-sk"
absent keygen-leaves-no-half-pair "$t/lonely-sk"
check encaps-pair-or-nothing 2 $S encaps --alg ml-kem-1024 --pk "$t/ek" --ct "$t/nodir/ct" --ss "$t/lonely-ss"
absent encaps-leaves-no-half-pair "$t/lonely-ss"
ls "$t" | grep -q 'XXXXXX\|\.[A-Za-z0-9]\{6\}$' && echo "FAIL cli/no-temporary-files-left" || echo "PASS cli/no-temporary-files-left"

# The seed can come from stdin.
echo A16F5B0796703E2D1A0140A35CBF36EFABE70E752BA59B6A9A0E9C4B05302F73 |
	$S keygen --alg ml-dsa-87 --seed - --pk "$t/pk3" --sk "$t/sk3"
same seed-from-stdin "$t/pk3" 9df39232077a88b3b36c0d4b37d2d369f942baaaa436cf5486a1f09d45d7ce0b
