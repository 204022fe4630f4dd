/*
 * fsmeta.c — the metadata load of bench/fs.sh: create N empty files in a
 * directory, stat each, unlink each, timed phase by phase (wall clock), so
 * every file system under test gets exactly the same system calls.
 *
 *   fsmeta DIR N
 *   create 41234
 *   stat 250000
 *   unlink 38000
 * (operations per second). Exit status 1 if any call fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int phase(int dir, long n, const char *what)
{
	char name[32];
	struct stat st;
	double start = now_s();
	for (long i = 0; i < n; i++) {
		snprintf(name, sizeof name, "f%06ld", i);
		int rc;
		if (what[0] == 'c') {
			rc = openat(dir, name, O_CREAT | O_EXCL | O_WRONLY, 0644);
			if (rc >= 0)
				rc = close(rc);
		} else if (what[0] == 's') {
			rc = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW);
		} else {
			rc = unlinkat(dir, name, 0);
		}
		if (rc != 0) {
			fprintf(stderr, "fsmeta: %s %s: %s\n", what, name, strerror(errno));
			return 1;
		}
	}
	printf("%s %.0f\n", what, (double)n / (now_s() - start));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || atol(argv[2]) <= 0) {
		fprintf(stderr, "usage: fsmeta DIR N\n");
		return 2;
	}
	long n = atol(argv[2]);
	int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (dir < 0) {
		fprintf(stderr, "fsmeta: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int rc = phase(dir, n, "create") || phase(dir, n, "stat") || phase(dir, n, "unlink");
	close(dir);
	return rc;
}
