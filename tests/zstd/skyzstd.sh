#!/usr/bin/env bash
# skyzstd.sh — the skyzstd tool end to end: our decoder on files the zstd
# CLI made, libzstd on files we made, the metadata header's wrap and
# unwrap and every way an input can be wrong. One PASS/FAIL line per check.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
Z=${SKYZSTD:-$B/san/bin/skyzstd}
PREFIX=skyzstd
. tests/tool_checks.sh
same() { # name, file, file
	cmp -s "$2" "$3" && echo "PASS skyzstd/$1" || echo "FAIL skyzstd/$1: $2 and $3 differ"
}

cat docs/*.md lib/zstd/*.c >"$t/text"
cp $B/skyscope.elf "$t/bin"
check help 0 $Z --help
check usage-no-mode 2 $Z "$t/text" -o "$t/x"
check usage-bad-level 2 $Z -c -L 23 "$t/text" -o "$t/x"

# Ours to libzstd and back.
for level in 1 19 22; do
	check compress-l$level 0 $Z -c -L $level "$t/bin" -o "$t/bin.$level.zst"
	zstd -q -d -c "$t/bin.$level.zst" >"$t/bin.back" 2>/dev/null
	same libzstd-decodes-l$level "$t/bin" "$t/bin.back"
done
zstd -q -19 "$t/text" -o "$t/text.19.zst"
check decode-cli-l19 0 $Z -d "$t/text.19.zst" -o "$t/text.back"
same decode-cli-l19-content "$t/text" "$t/text.back"
zstd -q --long=27 --no-content-size -3 -c <"$t/bin" >"$t/long.zst"
check decode-128MiB-window 0 $Z -d "$t/long.zst" -o "$t/long.back"
same decode-128MiB-window-content "$t/bin" "$t/long.back"
check refuse-window-over-max 1 $Z -d "$t/long.zst" -o "$t/long2" --max-window 1048576
absent refused-window-writes-nothing "$t/long2"

# Corrupt and truncated inputs: status 1, a message, nothing written.
cp "$t/text.19.zst" "$t/bad.zst"
printf '\377\377\377\377' | dd of="$t/bad.zst" bs=1 seek=5000 conv=notrunc status=none
check decode-corrupt 1 $Z -d "$t/bad.zst" -o "$t/bad.out"
grep -q "corrupt at byte" "$t/err" && echo "PASS skyzstd/decode-corrupt-says-where" ||
	echo "FAIL skyzstd/decode-corrupt-says-where: $(cat "$t/err")"
absent decode-corrupt-writes-nothing "$t/bad.out"
head -c 3000 "$t/text.19.zst" >"$t/cut.zst"
check decode-truncated 1 $Z -d "$t/cut.zst" -o "$t/cut.out"
absent decode-truncated-writes-nothing "$t/cut.out"

# The metadata header.
check wrap 0 $Z --wrap "$t/bin" -o "$t/bin.skz"
check unwrap 0 $Z --unwrap "$t/bin.skz" -o "$t/bin.un"
same wrap-round-trip "$t/bin" "$t/bin.un"
[ "$(head -c 4 "$t/bin.skz")" = SKYZ ] && echo "PASS skyzstd/header-magic" || echo "FAIL skyzstd/header-magic"
corrupt_at() { # name, offset, expected message
	cp "$t/bin.skz" "$t/c.skz"
	printf '\125' | dd of="$t/c.skz" bs=1 seek="$2" conv=notrunc status=none
	check "unwrap-$1" 1 $Z --unwrap "$t/c.skz" -o "$t/c.out"
	grep -q "$3" "$t/err" && [ ! -e "$t/c.out" ] && echo "PASS skyzstd/unwrap-$1-refused" ||
		echo "FAIL skyzstd/unwrap-$1-refused: $(cat "$t/err")"
}
corrupt_at magic 0 "no SKYZ magic"
corrupt_at version 4 "unknown header version"
corrupt_at algorithm 5 "unknown compression algorithm"
corrupt_at flags 13 "reserved flags set"
corrupt_at compressed-size 17 "payload is not the size"
corrupt_at decompressed-size 25 "another size than the header"
corrupt_at hash 40 "SHA3-512 of the output does not match"
corrupt_at payload 2000 "does not decode"
head -c 1000 "$t/bin.skz" >"$t/cut.skz"
check unwrap-truncated 1 $Z --unwrap "$t/cut.skz" -o "$t/cut.out"
absent unwrap-truncated-writes-nothing "$t/cut.out"

# Dictionaries: trained here, used by both sides; a frame without its dictionary is refused.
split -b 2000 "$t/text" "$t/sample."
check train 0 $Z --train -o "$t/dict" --maxdict 16384 "$t"/sample.*
check compress-with-dict 0 $Z -c -D "$t/dict" "$t/sample.aa" -o "$t/s.zst"
zstd -q -d -D "$t/dict" -c "$t/s.zst" >"$t/s.back" 2>/dev/null
same libzstd-decodes-with-dict "$t/sample.aa" "$t/s.back"
check decode-with-dict 0 $Z -d -D "$t/dict" "$t/s.zst" -o "$t/s.back2"
same decode-with-dict-content "$t/sample.aa" "$t/s.back2"
check decode-without-dict 1 $Z -d "$t/s.zst" -o "$t/s.back3"
check wrap-with-dict 0 $Z --wrap -D "$t/dict" "$t/sample.ab" -o "$t/s.skz"
check unwrap-with-dict 0 $Z --unwrap -D "$t/dict" "$t/s.skz" -o "$t/s.un"
same unwrap-with-dict-content "$t/sample.ab" "$t/s.un"
check unwrap-without-dict 1 $Z --unwrap "$t/s.skz" -o "$t/s.un2"
check bad-dictionary 1 $Z -d -D "$t/bin.skz" "$t/s.zst" -o "$t/s.back4"
