#!/usr/bin/env bash
# run.sh — fuzz every parser of untrusted bytes, starting from real files.
#   tests/fuzz/run.sh ITERATIONS     (make test: 100000; make fuzz: 10000000)
# Prints one PASS/FAIL line per target.
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
n=${1:-100000}
$B/fuzz/fuzz_elf elf "$n" $B/bin/hello.elf $B/bin/init.elf $B/test/badelf/bad_seg_overlap.elf
$B/fuzz/fuzz_bundle bundle "$n" $B/bundle.skb $B/test/bundle.skb
