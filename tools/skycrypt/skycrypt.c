/*
 * skycrypt — the host front end of lib/crypto: answer NIST ACVP prompt
 * files (acvp.c), make and use ML-DSA and ML-KEM keys, hash, and seal files
 * with XChaCha20-Poly1305 (commands.c). `skycrypt --help` lists it all.
 */
#include <stdio.h>
#include <string.h>

#include "acvp.h"
#include "commands.h"

static const char usage[] =
	"usage: skycrypt COMMAND [OPTIONS]\n"
	"\n"
	"  acvp PROMPT.json[.gz]\n"
	"      Answer a NIST ACVP prompt file on stdout in the shape of expectedResults.json:\n"
	"      SHA3-224/256/384/512, SHAKE-128/256, cSHAKE-256, ML-KEM keyGen and encapDecap,\n"
	"      ML-DSA keyGen, sigGen and sigVer (expanded and seed key formats). LDT groups\n"
	"      (messages of gigabytes) are skipped with a note on stderr.\n"
	"\n"
	"  keygen --alg ALG [--seed HEX] --pk FILE --sk FILE\n"
	"      ALG: ml-dsa-44, ml-dsa-65, ml-dsa-87, ml-kem-512, ml-kem-768, ml-kem-1024.\n"
	"      The seed is 32 bytes for ML-DSA (xi) and 64 for ML-KEM (d || z); \"--seed -\"\n"
	"      reads its hex from stdin (others can see command lines); without it the\n"
	"      key is random. Files hold the raw FIPS 203/204 encodings; the secret key\n"
	"      (expanded form) is written with mode 0600. Both files are written, or neither.\n"
	"\n"
	"  sign --alg ml-dsa-87 --sk FILE --in FILE --out FILE [--context HEX] [--deterministic]\n"
	"      ML-DSA signature of the whole input under a context of 0-255 bytes; hedged\n"
	"      (fresh randomness) unless --deterministic.\n"
	"\n"
	"  verify --alg ml-dsa-87 --pk FILE --in FILE --sig FILE [--context HEX]\n"
	"      Prints valid or INVALID. Exit 0 valid, 1 invalid, 2 error.\n"
	"\n"
	"  encaps --alg ml-kem-1024 --pk FILE --ct FILE --ss FILE\n"
	"      A fresh shared secret (32 bytes, to --ss) and its ciphertext (to --ct).\n"
	"\n"
	"  Inputs are read byte for byte (only acvp inflates gzip).\n"
	"  decaps --alg ml-kem-1024 --sk FILE --ct FILE --ss FILE\n"
	"      The shared secret of a ciphertext (a corrupted one gives an unrelated key:\n"
	"      FIPS 203's implicit rejection).\n"
	"\n"
	"  hash --alg ALG [--len N] FILE\n"
	"      ALG: sha3-224, sha3-256, sha3-384, sha3-512, shake128, shake256, sha256,\n"
	"      sha512. --len is the output length in bytes for shake128 (default 32) and\n"
	"      shake256 (default 64). FILE - is stdin. Prints \"HEX  FILE\".\n"
	"\n"
	"  seal --key FILE [--aad HEX] --in FILE --out FILE\n"
	"  open --key FILE [--aad HEX] --in FILE --out FILE\n"
	"      XChaCha20-Poly1305 with a 32-byte key file. A sealed file is \"SKYSEAL1\",\n"
	"      the random 24-byte nonce, the ciphertext and the 16-byte tag. open exits 1\n"
	"      and writes nothing when the file does not authenticate.\n"
	"\n"
	"Exit status: 0 success, 1 invalid signature or failed authentication, 2 error.\n";

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
	return command_run(argv[1], argc - 2, argv + 2);
}
