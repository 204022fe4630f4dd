/*
 * h_signal — a waiter in another process for t_signal. Waits once on the
 * notification in slot 4, then signals bit 0 on the notification in slot 5
 * ("my wait has returned") and exits with what the wait returned (the bits,
 * or a negative error such as -SKY_E_DEAD).
 */
#include "rt.h"

#define NTFN 4
#define DONE 5

int main(void)
{
	int64_t r = sky_wait_signal(NTFN);
	sky_signal(DONE, 1);
	return (int)r;
}
