/*
 * t_spawn — spawn, wait and kill: arguments arrive, exit codes and times
 * come back, wait(-1) and NULL info work, a reaped child is gone, and each
 * bad argument gets its documented error without starting anything.
 */
#include "check.h"

int main(void)
{
	struct sky_exit_info e;
	uint64_t frames = free_frames();

	const char block[] = "alpha\0\0gamma"; /* "alpha", "", "gamma" */
	int64_t pid = sky_spawn("h_args", 6, block, sizeof block, SKY_PRIO_INHERIT);
	CHECK(pid > 0, "spawn h_args (pid %lld)", (long long)pid);
	CHECK_EQ(sky_wait(pid, &e), pid, "wait h_args");
	CHECK(e.reason == SKY_EXIT_NORMAL && e.code == 0, "h_args saw its arguments (code %lld)",
	      (long long)e.code);
	CHECK_EQ(e.pid, pid, "exit info names the child");
	CHECK(e.end_ns >= e.start_ns && e.start_ns > 0, "start and end times are ordered");
	CHECK_EQ(sky_wait(pid, &e), -SKY_E_CHILD, "a reaped child is gone");

	/* Exit codes come back, including negative ones, through wait(-1). */
	pid = spawn1("h_exit", "-7");
	CHECK_EQ(sky_wait(-1, &e), pid, "wait(-1) returns the child");
	CHECK_EQ(e.code, -7, "exit code -7");
	pid = spawn1("h_exit", "42");
	CHECK_EQ(sky_wait(pid, NULL), pid, "wait with no info");
	CHECK_EQ(sky_wait(-1, NULL), -SKY_E_CHILD, "wait with no children");

	/* Bad arguments: documented errors, nothing started. */
	CHECK_EQ(sky_spawn("nonexistent", 11, NULL, 0, -1), -SKY_E_NOENT, "unknown program");
	CHECK_EQ(sky_spawn("hello", 0, NULL, 0, -1), -SKY_E_INVAL, "empty name");
	CHECK_EQ(sky_spawn("hello", 48, NULL, 0, -1), -SKY_E_INVAL, "name too long");
	CHECK_EQ(sky_spawn("hel\0lo", 6, NULL, 0, -1), -SKY_E_INVAL, "name with a NUL");
	CHECK_EQ(sky_spawn("hello", 5, "abc", 3, -1), -SKY_E_INVAL, "unterminated argument");
	CHECK_EQ(sky_spawn("hello", 5, block, SKY_ARGS_MAX + 1, -1), -SKY_E_INVAL,
		 "argument block too long");
	CHECK_EQ(sky_spawn("hello", 5, NULL, 0, 32), -SKY_E_INVAL, "priority out of range");
	CHECK_EQ(sky_spawn("hello", 5, NULL, 0, -2), -SKY_E_INVAL, "negative priority");
	static char many[200];
	for (int i = 0; i < 100; i += 2)
		many[i] = 'x'; /* 50 strings "x" ... */
	CHECK(sky_spawn("hello", 5, many, 100, -1) > 0, "50 arguments are fine");
	sky_wait(-1, NULL);
	memset(many, 0, sizeof many); /* 200 empty strings: too many */
	CHECK_EQ(sky_spawn("hello", 5, many, sizeof many, -1), -SKY_E_INVAL, "too many arguments");
	CHECK_EQ(sky_kill(1), -SKY_E_CHILD, "kill a process that is not our child");
	CHECK_EQ(sky_kill(sky_process_id()), -SKY_E_CHILD, "kill ourselves through kill()");
	CHECK_EQ(sky_wait(0, NULL), -SKY_E_CHILD, "wait for pid 0");
	CHECK_EQ(sky_wait(-5, NULL), -SKY_E_CHILD, "wait for pid -5");

	struct sky_sysinfo si;
	sky_sysinfo(&si);
	CHECK_EQ(si.processes, 2, "only init and this test are alive");
	CHECK_EQ(free_frames(), frames, "free frames unchanged");
	return check_finish();
}
