/* h_spin — burns CPU forever without a system call; its parent kills it. */
#include "rt.h"

int main(void)
{
	for (;;)
		__asm__ volatile("" ::: "memory");
}
