#!/usr/bin/env bash
# run.sh — libskycrypt beyond its unit tests: every NIST ACVP vector set in
# tests/crypto/acvp answered by `skycrypt acvp` (the sanitizer build) and
# compared with NIST's expected results; the tool's refusals and commands;
# the constant-time test under valgrind; the cross-check with
# @noble/post-quantum. Prints one PASS/FAIL line per check.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
SKYCRYPT=${SKYCRYPT:-$B/san/bin/skycrypt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for dir in tests/crypto/acvp/*/; do
	name=$(basename "$dir")
	if ! $SKYCRYPT acvp "$dir/prompt.json.gz" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
		echo "FAIL acvp/$name: skycrypt failed"
		sed 's/^/    /' "$tmp/$name.err" | head -n 5
		continue
	fi
	$B/bin/acvpcheck "$name" "$dir/prompt.json.gz" "$dir/expectedResults.json.gz" "$tmp/$name.json"
done

# The comparison can fail: one changed digit in an answer is caught.
sed '0,/"md": "\(.\)/s//"md": "X/' "$tmp/SHA3-256-2.0.json" >"$tmp/wrong.json"
if $B/bin/acvpcheck wrong tests/crypto/acvp/SHA3-256-2.0/prompt.json.gz \
	tests/crypto/acvp/SHA3-256-2.0/expectedResults.json.gz "$tmp/wrong.json" >/dev/null; then
	echo "FAIL acvp/check-catches-a-wrong-answer"
else
	echo "PASS acvp/check-catches-a-wrong-answer"
fi

# Bad prompts: a clear message and exit status 2, nothing on stdout.
refuses() { # name, file, expected message
	$SKYCRYPT acvp "$2" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "$3" "$tmp/err"; then
		echo "PASS acvp/refuses-$1"
	else
		echo "FAIL acvp/refuses-$1: status $rc, stderr: $(head -c 200 "$tmp/err")"
	fi
}
printf '{"algorithm": "SHA3-256", "testGroups": [1,]}' >"$tmp/comma.json"
refuses malformed-json "$tmp/comma.json" "malformed JSON at byte 43: trailing comma"
printf '{"algorithm": "ROT13", "revision": "1.0", "testGroups": []}' >"$tmp/alg.json"
refuses unknown-algorithm "$tmp/alg.json" 'unsupported algorithm "ROT13"'
printf '{"algorithm": "SHA3-256", "testGroups": [{"tgId": 1, "testType": "AFT", "tests": [{"tcId": 7, "msg": "ZZ", "len": 8}]}]}' >"$tmp/hex.json"
refuses bad-hex "$tmp/hex.json" 'tgId 1 tcId 7: "msg" is not hex'
printf '{"algorithm": "SHA3-256", "testGroups": [{"tgId": 1, "testType": "AFT", "tests": [{"tcId": 7, "msg": "00", "len": 16}]}]}' >"$tmp/len.json"
refuses short-message "$tmp/len.json" 'has 1 bytes for 16 bits'
printf '{"algorithm": "SHA3-256", "testGroups": [{"tgId": 1, "testType": "AFT", "tests": [{"tcId": 7, "msg": "", "len": 18446744073709551615}]}]}' >"$tmp/huge.json"
refuses huge-length "$tmp/huge.json" 'has 0 bytes for 18446744073709551615 bits'
head -c 1000 tests/crypto/acvp/SHA3-256-2.0/prompt.json.gz >"$tmp/cut.json.gz"
refuses truncated-gzip "$tmp/cut.json.gz" "cut.json.gz: truncated gzip stream"
refuses missing-file "$tmp/nonexistent.json" "No such file"

# The commands of skycrypt, end to end.
tests/crypto/cli.sh

# Every single-bit change of a signature, key, message, context or ciphertext.
$B/test/flips || echo "FAIL flips: exited with status $?"

# Constant time: secret-key operations under valgrind with the secrets marked.
if ! command -v valgrind >/dev/null; then
	echo "FAIL ct: valgrind is not installed"
else
	valgrind -q --error-exitcode=0 $B/test/ct_check >"$tmp/ct.out" 2>"$tmp/ct.err"
	rc=$?
	cat "$tmp/ct.out"
	if grep -q '^FAIL' "$tmp/ct.out"; then
		echo "    valgrind's reports:"
		grep -m 20 -E 'Conditional|Use of uninitialised|at 0x|by 0x' "$tmp/ct.err" | sed 's/^/    /'
	elif [ $rc -ne 0 ]; then
		echo "FAIL ct: exited with status $rc"
	fi
fi

# An independent implementation: @noble/post-quantum (pinned in package-lock.json).
noble=tests/crypto/noble
if ! command -v node >/dev/null; then
	echo "FAIL noble: node (20.19 or later) is not installed"
elif [ ! -d $noble/node_modules/@noble/post-quantum ] &&
	! (cd $noble && npm ci --no-audit --no-fund >"$tmp/npm.log" 2>&1); then
	echo "FAIL noble: npm ci failed: $(tail -n 3 "$tmp/npm.log")"
else
	mkdir -p "$tmp/noble"
	node $noble/crosscheck.mjs "$SKYCRYPT" "$tmp/noble" "${NOBLE_SEEDS:-100}" >"$tmp/noble.out" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$tmp/noble.out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' "$tmp/noble.out"; then
		echo "FAIL noble: the cross-check stopped (status $rc)"
		tail -n 5 "$tmp/noble.out" | sed 's/^/    /'
	fi
fi
