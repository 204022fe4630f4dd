/*
 * check.c — the reporting side of check.h.
 */
#include "check.h"

static unsigned checks, failures;

bool check_at(bool cond, const char *file, int line, const char *fmt, ...)
{
	char what[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	checks++;
	if (cond) {
		printf("ok %u - %s\n", checks, what);
	} else {
		failures++;
		printf("not ok %u - %s (%s:%d)\n", checks, what, file, line);
	}
	return cond;
}

bool check_eq_at(int64_t got, int64_t want, const char *file, int line, const char *what)
{
	if (got == want)
		return check_at(true, file, line, "%s == %lld", what, (long long)want);
	return check_at(false, file, line, "%s: got %lld (%s), want %lld (%s)", what,
			(long long)got, got < 0 ? sky_error_name(got) : "-", (long long)want,
			want < 0 ? sky_error_name(want) : "-");
}

int check_finish(void)
{
	printf("checks: %u run, %u failed\n", checks, failures);
	return checks == 0 || failures ? 1 : 0;
}

uint64_t free_frames(void)
{
	struct sky_sysinfo si;
	if (sky_sysinfo(&si) < 0)
		return 0;
	return si.free_frames;
}

int64_t wait_signal_within(uint32_t timer, uint32_t ntfn, uint64_t bit, uint64_t ns)
{
	sky_timer_set(timer, ntfn, bit, ns, 0);
	int64_t r = sky_wait_signal(ntfn);
	sky_timer_set(timer, ntfn, 0, 0, 0);
	return r;
}

int64_t spawn1(const char *name, const char *arg)
{
	const char *const args[] = { arg, NULL };
	return spawn(name, arg ? args : NULL, SKY_PRIO_INHERIT);
}

int64_t run1(const char *name, const char *arg, struct sky_exit_info *info)
{
	int64_t pid = spawn1(name, arg);
	if (pid < 0)
		return pid;
	int64_t r = sky_wait(pid, info);
	return r == pid ? 0 : (r < 0 ? r : -SKY_E_CHILD);
}
