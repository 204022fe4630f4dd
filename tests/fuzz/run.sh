#!/usr/bin/env bash
# run.sh — fuzz every parser of untrusted bytes, starting from real files
# (stripped or small, so each input is cheap to copy).
#   tests/fuzz/run.sh ITERATIONS     (make test: 100000; make fuzz: 10000000)
# Prints one PASS/FAIL line per target.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
n=${1:-100000}
seeds=$B/fuzz/seeds
mkdir -p $seeds
for p in hello init; do
	objcopy --strip-all $B/guest/$p.elf $seeds/$p.elf
done
cp $B/test/badelf/bad_seg_overlap.elf $seeds/overlap.elf
$B/bin/skybundle -o $seeds/small.skb $seeds/hello.elf $B/test/badelf/bad_truncated.elf \
	$B/test/badelf/bad_empty.elf
$B/fuzz/fuzz_elf elf "$n" $seeds/hello.elf $seeds/init.elf $seeds/overlap.elf
$B/fuzz/fuzz_bundle bundle "$n" $seeds/small.skb
$B/fuzz/fuzz_json json "$n" tests/fuzz/seeds/acvp.json
# One valid message of every SILA record, made by test_sila from the generated codecs.
rm -rf $seeds/sila && mkdir -p $seeds/sila
if $B/hosttest/test_sila --seeds $seeds/sila; then
	$B/fuzz/fuzz_sila sila "$n" $seeds/sila/*.bin
else
	echo "FAIL fuzz/sila: test_sila --seeds made no seeds"
fi
# tests/fuzz/corpus/zstd: what `make fuzz-zstd` found (libFuzzer's merged corpus), replayed.
$B/fuzz/fuzz_zstd zstd "$n" tests/fuzz/seeds/zstd-*.zst tests/fuzz/corpus/zstd/*
$B/fuzz/fuzz_zstd_oracle zstd-oracle "$n" tests/fuzz/seeds/zstd-*.zst tests/fuzz/corpus/zstd/*
# A tenth as many: most inputs reach an ML-DSA verification (against build/repo).
FUZZ_PKG_REPO=$B/repo $B/fuzz/fuzz_pkg pkg $((n / 10)) $B/repo/packages/*.skm $B/repo/images/*.ski \
	$B/repo/root.skr $B/repo/trust.skt $B/repo/snapshot.sks $B/repo/state.sks $B/repo/results/*.skv \
	$B/repo-keys/package.crt
# A tenth as many: each input may run ML-KEM or ML-DSA.
$B/fuzz/fuzz_acvp acvp $((n / 10)) tests/fuzz/seeds/acvp-*.json
