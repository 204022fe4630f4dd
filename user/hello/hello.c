/* hello — the smallest Skyscope program: prints its arguments and a fact about itself. */
#include "rt.h"

int main(int argc, char **argv)
{
	printf("hello: pid %lld, %d argument%s:", (long long)sky_process_id(), argc,
	       argc == 1 ? "" : "s");
	for (int i = 0; i < argc; i++)
		printf(" '%s'", argv[i]);
	printf("\n");
	return 0;
}
