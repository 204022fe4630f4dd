#!/usr/bin/env bash
# run.sh — the SILA compiler's own suite and the model checks (docs/sila.md):
#   good/CASE/    .sila files and expected/: what silac writes, byte for byte;
#                 written twice (deterministic), compiled freestanding with
#                 -Werror, and its models checked by SPIN
#   bad/CASE/     .sila files silac must refuse, and expected: its stderr
#                 exactly ("file:line:column: message" lines, then the count)
#   broken/CASE/  a protocol silac accepts whose model SPIN must refuse; expect
#                 holds the words pan must report
#   the models of sila/ (build/sila/*.pml) must pass SPIN exhaustively, and
#   silac must never crash on damaged input (every prefix of the example).
# silac runs under ASan and UBSan (build/san/bin/silac).
#   tests/sila/run.sh            check; prints PASS/FAIL lines
#   tests/sila/run.sh --update   rewrite good/*/expected and bad/*/expected
#                                from what silac writes now (then read the diff)
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
root=$PWD
silac="$root/$B/san/bin/silac"
# silac frees nothing before it exits, by design; a sanitizer report exits 99,
# never 1 (the status of refused input).
export ASAN_OPTIONS=detect_leaks=0:exitcode=99 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1
update=${1:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1${2:+: $2}"; }
sources() { (cd "$1" && find . -name '*.sila' | sed 's|^\./||' | sort); }

# spin_check NAME MODEL.pml WANT: WANT "ok" passes on no error, anything else
# is the words pan's report must contain.
spin_check() {
	local name=$1 model=$2 want=$3 d
	if ! command -v spin >/dev/null; then
		echo "SKIP $name: spin is not installed (Debian package spin)"
		return
	fi
	d=$(mktemp -d "$tmp/spin.XXXX")
	cp "$model" "$d/model.pml"
	if ! (cd "$d" && spin -a model.pml >spin.log 2>&1 && gcc -O0 -DSAFETY -w -o pan pan.c \
		2>gcc.log && ./pan -m100000 >pan.log 2>&1); then
		fail "$name" "spin or pan did not run"
		cat "$d"/*.log | tail -n 5 | sed 's/^/    /'
		return
	fi
	if grep -q "max search depth too small" "$d/pan.log"; then
		fail "$name" "the search was cut short (depth)"
	elif [ "$want" = ok ]; then
		if grep -q "errors: 0$" "$d/pan.log"; then
			pass "$name"
		else
			fail "$name" "$(grep -m1 -E 'violated|invalid end|errors:' "$d/pan.log")"
		fi
	elif grep -q "$want" "$d/pan.log" && ! grep -q "errors: 0$" "$d/pan.log"; then
		pass "$name"
	else
		fail "$name" "SPIN did not report '$want'"
	fi
}

CFLAGS_GEN="-std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
	-Wpointer-arith -Wvla -ffreestanding -fno-builtin -Iinclude -Ilib"

for dir in tests/sila/good/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	out="$tmp/good-$case"
	mapfile -t files < <(sources "$dir")
	mkdir -p "$out" "$out.2"
	if ! (cd "$dir" && "$silac" "${files[@]}" -o "$out" 2>"$out.err" &&
		"$silac" "${files[@]}" -o "$out.2" 2>>"$out.err"); then
		fail "sila/good/$case" "silac refused it: $(head -n 1 "$out.err")"
		continue
	fi
	if [ "$update" = --update ]; then
		rm -rf "$dir/expected" && cp -r "$out" "$dir/expected"
	fi
	if ! diff -r "$out" "$out.2" >/dev/null; then
		fail "sila/good/$case" "two runs wrote different files"
	elif diff -r "$dir/expected" "$out" >"$out.diff"; then
		pass "sila/good/$case"
	else
		fail "sila/good/$case" "output differs from expected/"
		head -n 20 "$out.diff" | sed 's/^/    /'
	fi
	ok=1
	for c in "$out"/*.c; do
		# shellcheck disable=SC2086
		gcc $CFLAGS_GEN -I"$out" -c "$c" -o "$tmp/gen.o" 2>"$tmp/gcc.log" || ok=0
	done
	if [ $ok = 1 ]; then
		pass "sila/good/$case/compiles"
	else
		fail "sila/good/$case/compiles" "$(head -n 1 "$tmp/gcc.log")"
	fi
	for m in "$out"/*.pml; do
		spin_check "sila/good/$case/spin/$(basename "$m" .pml)" "$m" ok
	done
done

for dir in tests/sila/bad/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	mapfile -t files < <(sources "$dir")
	(cd "$dir" && "$silac" "${files[@]}" -o "$tmp/bad-out" >/dev/null 2>"$tmp/bad.err")
	rc=$?
	[ "$update" = --update ] && cp "$tmp/bad.err" "$dir/expected"
	if [ $rc -ne 1 ]; then
		fail "sila/bad/$case" "exit status $rc, not 1"
		head -n 5 "$tmp/bad.err" | sed 's/^/    /'
	elif [ -e "$tmp/bad-out" ]; then
		fail "sila/bad/$case" "silac wrote output despite errors"
	elif ! diff -u "$dir/expected" "$tmp/bad.err" >"$tmp/bad.diff"; then
		fail "sila/bad/$case" "other diagnostics than expected"
		head -n 12 "$tmp/bad.diff" | sed 's/^/    /'
	else
		pass "sila/bad/$case"
	fi
	rm -rf "$tmp/bad-out"
done

for dir in tests/sila/broken/*/; do
	dir=${dir%/}
	case=$(basename "$dir")
	mapfile -t files < <(sources "$dir")
	out="$tmp/broken-$case"
	mkdir -p "$out"
	if ! (cd "$dir" && "$silac" "${files[@]}" -o "$out" 2>"$out.err"); then
		fail "sila/broken/$case" "silac refused it: $(head -n 1 "$out.err")"
		continue
	fi
	for m in "$out"/*.pml; do
		spin_check "sila/broken/$case/spin-catches-it" "$m" "$(cat "$dir/expect")"
	done
done

# The system's own interfaces: every model of build/sila.
for m in "$B"/sila/*.pml; do
	spin_check "sila/spin/$(basename "$m" .pml)" "$m" ok
done

# Damaged input: every prefix of the example, and copies with lines written
# backwards, are refused or accepted, never a crash (status 99 above).
example=tests/sila/good/example/demo.sila
size=$(wc -c <"$example")
worst=0
for ((n = 0; n < size; n += 13)); do
	head -c $n "$example" >"$tmp/demo.sila"
	(cd "$tmp" && "$silac" --check demo.sila >/dev/null 2>&1)
	rc=$?
	[ $rc -gt $worst ] && worst=$rc
done
for seed in 1 2 3 4 5 6 7 8; do
	# Deterministic damage: every seed-th line written backwards.
	awk -v s=$seed '{ if (NR % s == 0) { r = ""; for (i = length($0); i > 0; i--) r = r substr($0, i, 1); print r } else print }' \
		"$example" >"$tmp/demo.sila"
	(cd "$tmp" && "$silac" --check demo.sila >/dev/null 2>&1)
	rc=$?
	[ $rc -gt $worst ] && worst=$rc
done
if [ $worst -le 1 ]; then
	pass "sila/damaged-input-never-crashes"
else
	fail "sila/damaged-input-never-crashes" "silac exited with status $worst"
fi

# Usage errors: status 2 and a message, no output.
"$silac" >/dev/null 2>&1
r1=$?
"$silac" "$tmp/missing.sila" -o "$tmp/x" 2>"$tmp/use.err"
r2=$?
if [ $r1 -eq 2 ] && [ $r2 -eq 2 ] && grep -q "cannot read" "$tmp/use.err" && [ ! -e "$tmp/x" ]; then
	pass "sila/usage-errors"
else
	fail "sila/usage-errors" "status $r1 and $r2"
fi
