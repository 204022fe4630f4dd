#!/usr/bin/env bash
# deps.sh — make sure the Debian packages Skyscope's build and tests need are
# present. As root it installs what is missing (apt-get); otherwise it names
# the packages and stops.
set -euo pipefail

# command -> Debian package
declare -A need=(
	[gcc]=gcc [make]=make [ld]=binutils
	[qemu-system-x86_64]=qemu-system-x86
	[grub-mkrescue]=grub-common [xorriso]=xorriso [mformat]=mtools
	[cpio]=cpio [valgrind]=valgrind [zstd]=zstd [spin]=spin
)
# grub-mkrescue needs the BIOS platform files as well.
missing=()
for cmd in "${!need[@]}"; do
	command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
[ -d /usr/lib/grub/i386-pc ] || missing+=(grub-pc-bin)
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/zstd.h ] || missing+=(libzstd-dev)
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
