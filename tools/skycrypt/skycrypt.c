/*
 * skycrypt — the host front end of lib/crypto: answer NIST ACVP prompt
 * files, make and use ML-DSA-87 and ML-KEM-1024 keys, hash, and seal files
 * with XChaCha20-Poly1305. `skycrypt --help` lists it all.
 */
#include <stdio.h>
#include <string.h>

#include "acvp.h"

static const char usage[] =
	"usage: skycrypt COMMAND [OPTIONS]\n"
	"\n"
	"  acvp PROMPT.json[.gz]\n"
	"      Answer a NIST ACVP prompt file on stdout, in the shape of expectedResults.json.\n"
	"      SHA3-224..512, SHAKE-128/256, cSHAKE-256, ML-KEM keyGen/encapDecap, ML-DSA\n"
	"      keyGen/sigGen/sigVer (expanded and seed key formats). LDT groups are skipped,\n"
	"      with a note on stderr.\n";

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "acvp") == 0) {
		if (argc != 3) {
			fputs("usage: skycrypt acvp PROMPT.json[.gz]\n", stderr);
			return 2;
		}
		return acvp_run(argv[2]);
	}
	fprintf(stderr, "skycrypt: unknown command '%s' (see skycrypt --help)\n", argv[1]);
	return 2;
}
