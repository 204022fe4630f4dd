#!/usr/bin/env bash
# run.sh — lib/zstd against outside references, through zstdcheck (which
# decodes every input one-shot and streaming in several piece sizes and
# wants them all to agree):
#   1. every file of tests/zstd/vectors/EXPECTED.txt (the reference
#      implementation's golden and errata files) decodes to its size and
#      SHA-256, or fails where it must;
#   2. the golden-compression inputs, compressed by the zstd CLI at several
#      levels, with long windows, without checksums, through a pipe (no
#      content size), as concatenated frames and with the golden
#      dictionary, decode back to themselves.
# Prints PASS/FAIL lines; tests/run.sh counts them.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
check=$B/san/bin/zstdcheck
V=tests/zstd/vectors

$check expected $V

if ! command -v zstd >/dev/null; then
	echo "FAIL zstd/cli: no zstd command (scripts/deps.sh installs it)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dict=$V/golden-dictionaries/http-dict-missing-symbols
# label:options
options=(l1:-1 l3:-3 l9:-9 l19:-19 l22:"--ultra -22" long:"--long=24 -19" nocheck:"--no-check -3")
for f in $V/golden-compression/*; do
	name=$(basename "$f")
	for o in "${options[@]}"; do
		# shellcheck disable=SC2086
		zstd -q -f ${o#*:} "$f" -o "$tmp/z"
		$check roundtrip "cli/$name/${o%%:*}" "$f" "$tmp/z"
	done
	zstd -q -3 <"$f" >"$tmp/z"
	$check roundtrip "cli/$name/pipe" "$f" "$tmp/z"
	zstd -q -f -19 -D "$dict" "$f" -o "$tmp/z"
	$check roundtrip "cli/$name/dict" "$f" "$tmp/z" "$dict"
done
# Several frames in a row decode to their contents in a row.
cat $V/golden-compression/* >"$tmp/all"
: >"$tmp/z"
for f in $V/golden-compression/*; do
	zstd -q -c -5 "$f" >>"$tmp/z"
done
$check roundtrip cli/concatenated "$tmp/all" "$tmp/z"

# libzstd's encoder across its range, decoded one-shot and streaming.
$B/san/bin/zstd_roundtrip

# The skyzstd tool.
tests/zstd/skyzstd.sh
