/* h_exit — exits with the code given as its argument (decimal, may be negative). */
#include "rt.h"

int main(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : "0";
	int sign = 1, v = 0;
	if (*s == '-') {
		sign = -1;
		s++;
	}
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	sky_exit(sign * v);
}
