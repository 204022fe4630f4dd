/*
 * h_args — checks that it received argv = { "h_args", "alpha", "", "gamma" }
 * and that the stack is aligned as the ABI promises; exit 0 if so.
 */
#include "rt.h"

int main(int argc, char **argv)
{
	volatile double probe = 1.0; /* SSE spills need the 16-byte alignment */
	if (((uintptr_t)__builtin_frame_address(0) & 15) != 0)
		return 10;
	if (argc != 4 || argv[4] != NULL)
		return 11;
	if (strcmp(argv[0], "h_args") || strcmp(argv[1], "alpha") || strcmp(argv[2], "") ||
	    strcmp(argv[3], "gamma"))
		return 12;
	return probe == 1.0 ? 0 : 13;
}
