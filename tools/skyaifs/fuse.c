/*
 * skyaifs-fuse — mount a SKYAIFS image on Linux through FUSE (libfuse3's
 * low-level, inode-based interface, which maps one to one onto lib/skyaifs).
 *
 *   skyaifs-fuse IMAGE MOUNTPOINT [--key-file F] [--subvol NAME] [-o OPTS] [-f] [-d]
 *
 * The image is opened and locked and the volume mounted before the daemon
 * goes to the background, so a wrong key, a locked image or a damaged volume
 * is reported on stderr with a non-zero exit status. libfuse's threads
 * receive requests in parallel, and one lock lets one of them into the
 * library at a time (it is not thread-safe): a request waiting for the lock
 * has already made the trip from the kernel, which halves the latency of
 * small requests against a single thread. What requests change is committed
 * (by a thread of its own) a second after the last change, at least every
 * five seconds while changes keep coming, on fsync, and on unmount.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "skyaifs/fuse_daemon.h"

static const char usage[] =
	"usage: skyaifs-fuse IMAGE MOUNTPOINT [options]\n"
	"Mount the SKYAIFS volume in IMAGE (made by mkfs.skyaifs) on MOUNTPOINT.\n"
	"\n"
	"  --key-file F    passphrase or key material of an encrypted volume\n"
	"  --subvol NAME   mount this subvolume, snapshot or clone (default: main)\n"
	"  -o OPTS         FUSE mount options, comma-separated (ro, allow_other, ...);\n"
	"                  default_permissions is always on: the kernel checks access\n"
	"  -f              stay in the foreground (default: go to the background once mounted)\n"
	"  -d              foreground, and log every request (libfuse's debug output)\n"
	"  -h, --help      this text\n"
	"\n"
	"Unmount with: fusermount3 -u MOUNTPOINT (pending changes are committed).\n"
	"Exit status: 0 unmounted cleanly, 1 the volume could not be mounted or its\n"
	"last commit failed, 2 usage error.\n";

/* ---- the request loop ------------------------------------------------------------------- */

/* The committer: wakes at least every 100 ms and commits when daemon_commit_wait_ms says so (a
 * stream of reads does not hold back the commit of the writes before it). */
struct committer {
	struct daemon *d;
	pthread_cond_t wake;
	bool stop;
};

static void *committer_run(void *arg)
{
	struct committer *c = arg;
	pthread_mutex_lock(&library_lock);
	while (!c->stop) {
		int wait = daemon_commit_wait_ms(c->d);
		if (wait == 0) {
			daemon_commit(c->d);
			continue;
		}
		if (wait < 0 || wait > 100)
			wait = 100;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += wait * 1000000l;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&c->wake, &library_lock, &until);
	}
	pthread_mutex_unlock(&library_lock);
	return NULL;
}

/* libfuse's multi-threaded loop with the committer beside it. Returns 0 when the file system is
 * unmounted or told to stop. */
static int serve(struct daemon *d, struct fuse_session *se)
{
	struct committer c = { .d = d, .wake = PTHREAD_COND_INITIALIZER };
	pthread_t thread;
	if (pthread_create(&thread, NULL, committer_run, &c) != 0)
		return -EAGAIN;
	struct fuse_loop_config config = { .clone_fd = 0, .max_idle_threads = 8 };
	int res = fuse_session_loop_mt(se, &config);
	pthread_mutex_lock(&library_lock);
	c.stop = true;
	pthread_cond_signal(&c.wake);
	pthread_mutex_unlock(&library_lock);
	pthread_join(thread, NULL);
	return res < 0 ? res : 0;
}

/* ---- command line -------------------------------------------------------------------------- */

struct options {
	const char *image, *mountpoint, *key_file, *subvol;
	char *mount_opts; /* the -o options, comma-joined */
	bool foreground, debug, readonly;
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "skyaifs-fuse: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(skyaifs-fuse --help for usage)\n");
	return 2;
}

/* Append `more` to a comma-separated list; notes "ro" among them. */
static int add_mount_opts(struct options *o, const char *more)
{
	size_t have = o->mount_opts ? strlen(o->mount_opts) : 0;
	char *all = realloc(o->mount_opts, have + strlen(more) + 2);
	if (!all)
		return -1;
	if (have)
		all[have++] = ',';
	strcpy(all + have, more);
	o->mount_opts = all;
	char *copy = strdup(more);
	if (!copy)
		return -1;
	for (char *save, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (strcmp(tok, "ro") == 0)
			o->readonly = true;
		else if (strcmp(tok, "rw") == 0)
			o->readonly = false;
	free(copy);
	return 0;
}

/* Returns 0, 1 after printing help, or 2 after a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
	int positional = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return 1;
		} else if (strcmp(a, "-f") == 0) {
			o->foreground = true;
		} else if (strcmp(a, "-d") == 0) {
			o->foreground = o->debug = true;
		} else if (strcmp(a, "--key-file") == 0 || strcmp(a, "--subvol") == 0 ||
			   strcmp(a, "-o") == 0) {
			if (!value)
				return usage_error("%s needs a value", a);
			i++;
			if (a[1] == 'o' && add_mount_opts(o, value) != 0)
				return usage_error("%s", strerror(ENOMEM));
			if (a[2] == 'k')
				o->key_file = value;
			if (a[2] == 's')
				o->subvol = value;
		} else if (strncmp(a, "--key-file=", 11) == 0) {
			o->key_file = a + 11;
		} else if (strncmp(a, "--subvol=", 9) == 0) {
			o->subvol = a + 9;
		} else if (strncmp(a, "-o", 2) == 0 && a[2]) {
			if (add_mount_opts(o, a + 2) != 0)
				return usage_error("%s", strerror(ENOMEM));
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option %s", a);
		} else if (positional == 0) {
			o->image = a;
			positional++;
		} else if (positional == 1) {
			o->mountpoint = a;
			positional++;
		} else {
			return usage_error("unexpected argument %s", a);
		}
	}
	if (!o->mountpoint)
		return usage_error("%s", "needs IMAGE and MOUNTPOINT");
	if (o->subvol && (!*o->subvol || strlen(o->subvol) > SKYAIFS_VOLUME_NAME_MAX))
		return usage_error("bad subvolume name '%s'", o->subvol);
	return 0;
}

/* fsname=IMAGE for /proc/mounts: libfuse splits options at commas unless escaped. */
static char *fsname_option(const char *image)
{
	char *s = malloc(strlen("fsname=") + 2 * strlen(image) + 1), *p;
	if (!s)
		return NULL;
	p = s + sprintf(s, "fsname=");
	for (; *image; image++) {
		if (*image == ',' || *image == '\\')
			*p++ = '\\';
		*p++ = *image;
	}
	*p = '\0';
	return s;
}

struct vol_query {
	const char *name;
	bool writable;
};

static int vol_query_one(void *ctx, const struct skyaifs_vol_info *info)
{
	struct vol_query *q = ctx;
	if (strcmp(info->name, q->name) != 0)
		return 0;
	q->writable = info->writable;
	return 1;
}

/* Open and lock the image, unlock and mount the volume, open the subvolume; say what went wrong.
 * A snapshot (a read-only subvolume) is mounted read-only, so the kernel refuses changes early. */
static int open_volume(struct daemon *d, struct options *o)
{
	const char *why;
	size_t key_len = 0;
	uint8_t *key = NULL;
	if (o->key_file && !(key = image_read_key(o->key_file, &key_len, &why))) {
		fprintf(stderr, "skyaifs-fuse: %s: %s\n", o->key_file, why);
		return -1;
	}
	if (image_open(&d->img, o->image, !o->readonly, 0, &why) != 0) {
		fprintf(stderr, "skyaifs-fuse: %s: %s\n", o->image, why);
		free(key);
		return -1;
	}
	int err = skyaifs_mount(&d->fs, &d->img.dev, &image_env, key, key_len,
				o->readonly ? SKYAIFS_MOUNT_RDONLY : 0);
	if (key) {
		explicit_bzero(key, key_len);
		free(key);
	}
	if (err < 0) {
		d->fs = NULL;
		const char *msg = skyaifs_strerror(err);
		if (err == SKYAIFS_EACCES)
			msg = "wrong passphrase or key file";
		else if (err == SKYAIFS_EINVAL && !o->key_file)
			msg = "cannot mount (an encrypted volume needs --key-file)";
		else if (err == SKYAIFS_EMEDIUMTYPE)
			msg = "not a SKYAIFS image (or a format version this program does not "
			      "know)";
		fprintf(stderr, "skyaifs-fuse: %s: %s\n", o->image, msg);
		image_close(&d->img);
		return -1;
	}
	const char *name = o->subvol ? o->subvol : "main";
	err = skyaifs_vol_open(d->fs, name, &d->vol);
	if (err < 0) {
		fprintf(stderr, "skyaifs-fuse: %s: subvolume '%s': %s\n", o->image, name,
			err == SKYAIFS_ENOENT ? "no such subvolume" : skyaifs_strerror(err));
		skyaifs_unmount(d->fs);
		d->fs = NULL;
		image_close(&d->img);
		return -1;
	}
	d->root = skyaifs_vol_root(d->vol);
	struct vol_query q = { .name = name, .writable = true };
	skyaifs_vol_list(d->fs, vol_query_one, &q);
	if (!q.writable && !o->readonly && add_mount_opts(o, "ro") != 0) {
		fprintf(stderr, "skyaifs-fuse: %s\n", strerror(ENOMEM));
		skyaifs_vol_close(d->vol);
		skyaifs_unmount(d->fs);
		d->fs = NULL;
		image_close(&d->img);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	int rc = parse_options(argc, argv, &o);
	if (rc != 0) {
		free(o.mount_opts);
		return rc == 1 ? 0 : 2;
	}
	static struct daemon d = { .img = { .fd = -1 } };
	/* Absolute paths: the daemon leaves for "/", and unmounts by the mountpoint's name at exit.
	 */
	char *mountpoint = realpath(o.mountpoint, NULL);
	if (!mountpoint)
		fprintf(stderr, "skyaifs-fuse: %s: %s\n", o.mountpoint, strerror(errno));
	char *image = mountpoint ? realpath(o.image, NULL) : NULL;
	if (mountpoint && !image)
		fprintf(stderr, "skyaifs-fuse: %s: %s\n", o.image, strerror(errno));
	char *fsname = image ? fsname_option(image) : NULL;
	if (!fsname || !mountpoint || open_volume(&d, &o) != 0) {
		free(fsname);
		free(image);
		free(mountpoint);
		free(o.mount_opts);
		return 1;
	}

	char *fuse_argv[8];
	int fuse_argc = 0;
	fuse_argv[fuse_argc++] = argv[0];
	fuse_argv[fuse_argc++] = "-o";
	fuse_argv[fuse_argc++] = "default_permissions,subtype=skyaifs";
	fuse_argv[fuse_argc++] = "-o";
	fuse_argv[fuse_argc++] = fsname;
	if (o.mount_opts) {
		fuse_argv[fuse_argc++] = "-o";
		fuse_argv[fuse_argc++] = o.mount_opts;
	}
	if (o.debug)
		fuse_argv[fuse_argc++] = "-d";
	struct fuse_args args = FUSE_ARGS_INIT(fuse_argc, fuse_argv);

	rc = 1;
	struct fuse_session *se = fuse_session_new(&args, &daemon_ops, sizeof daemon_ops, &d);
	if (!se)
		goto out; /* libfuse said why (an unknown -o option, say) */
	if (fuse_set_signal_handlers(se) != 0)
		goto out_session;
	if (fuse_session_mount(se, mountpoint) != 0)
		goto out_signals;
	/* Everything that can fail for a reason the user should see has been done. */
	if (fuse_daemonize(o.foreground) != 0)
		goto out_unmount;
	if (serve(&d, se) == 0)
		rc = 0;
out_unmount:
	fuse_session_unmount(se);
out_signals:
	fuse_remove_signal_handlers(se);
out_session:
	fuse_session_destroy(
		se); /* calls daemon_destroy (the last commit) if the kernel said hello */
out:
	fuse_opt_free_args(&args); /* libfuse copies the argument list when it parses it */
	daemon_destroy(&d);
	if (d.commit_error < 0) {
		fprintf(stderr, "skyaifs-fuse: %s: the last commit failed: %s\n", o.image,
			skyaifs_strerror(d.commit_error));
		rc = 1;
	}
	image_close(&d.img);
	free(d.known);
	free(d.io_buf);
	free(fsname);
	free(image);
	free(mountpoint);
	free(o.mount_opts);
	return rc;
}
