/*
 * Skyscope OS -- Linux reference benchmarks (PID 1 of a throw-away initramfs).
 *
 * Freestanding static program: no libc, raw syscalls, own _start.
 *   gcc -static -nostdlib -ffreestanding -O2 -fno-pic -no-pie -o init init.c
 *
 * Method (identical for every figure, and for the Skyscope side):
 *   - The guest runs under QEMU TCG with -icount shift=0,align=off,sleep=off,
 *     so the TSC advances by exactly one per retired instruction: an
 *     `lfence; rdtsc` delta is an instruction count.
 *   - One batch = N iterations of a loop, timed with lfence;rdtsc around the
 *     whole loop.  The baseline is the same loop with the operation removed.
 *   - First one warm-up batch of each kind (discarded), then B batches of the
 *     baseline and B batches of the operation.
 *   - per-op = (min over batches of op delta - min over batches of baseline
 *     delta) / N  (/ 2N for sched_yield, since each round is two switches),
 *     rounded to the nearest integer.  Taking the minimum excludes batches
 *     hit by timer interrupts (the tick is every 4 ms = 4M instructions of
 *     virtual time, so N is chosen to keep a batch well below that).
 *   - B = 32; N = 2000 (getppid), 100 rounds (sched_yield), 200 (pipe),
 *     100 (unix socket).
 *   - sched_yield only: a batch counts only if the other process ran exactly
 *     once per round (checked with a counter in a shared page), so that all
 *     2N yields really switched (see bench_yield).
 *
 * Output: one line per figure on fd 1 (/dev/console):
 *   bench <metric> <value> insns
 * then the machine is powered off (QEMU exits with -no-reboot).
 */

typedef unsigned long u64;
typedef long i64;

/* x86_64 syscall numbers */
#define SYS_read        0
#define SYS_write       1
#define SYS_open        2
#define SYS_close       3
#define SYS_mmap        9
#define SYS_pipe        22
#define SYS_sched_yield 24
#define SYS_socketpair  53
#define SYS_fork        57
#define SYS_exit        60
#define SYS_wait4       61
#define SYS_kill        62
#define SYS_uname       63
#define SYS_fcntl       72
#define SYS_getppid     110
#define SYS_reboot      169

#define O_RDWR          2
#define F_GETFD         1
#define PROT_RW         3    /* PROT_READ | PROT_WRITE */
#define MAP_SHARED_ANON 0x21 /* MAP_SHARED | MAP_ANONYMOUS */
#define AF_UNIX         1
#define SOCK_STREAM     1
#define SIGKILL         9

/* ---- raw syscalls ---- */

static inline i64 sc0(i64 n)
{
	i64 r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n) : "rcx", "r11", "memory");
	return r;
}

static inline i64 sc3(i64 n, i64 a, i64 b, i64 c)
{
	i64 r;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sc4(i64 n, i64 a, i64 b, i64 c, i64 d)
{
	i64 r;
	register i64 r10 __asm__("r10") = d;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sc6(i64 n, i64 a, i64 b, i64 c, i64 d, i64 e, i64 f)
{
	i64 r;
	register i64 r10 __asm__("r10") = d;
	register i64 r8 __asm__("r8") = e;
	register i64 r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

static inline u64 tsc(void)
{
	unsigned lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((u64)hi << 32) | lo;
}

#define barrier() __asm__ volatile("" ::: "memory")

/* ---- output ---- */

static u64 slen(const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	return n;
}

static void puts1(const char *s)
{
	sc3(SYS_write, 1, (i64)s, slen(s));
}

/* Append decimal v to buf at *pos. */
static void put_u64(char *buf, u64 *pos, u64 v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		buf[(*pos)++] = tmp[--n];
}

static void put_str(char *buf, u64 *pos, const char *s)
{
	while (*s)
		buf[(*pos)++] = *s++;
}

static void report(const char *metric, u64 value)
{
	char buf[128];
	u64 p = 0;
	if (value == ~0UL) {
		puts1("error no valid batch for ");
		puts1(metric);
		puts1("\n");
		return;
	}
	put_str(buf, &p, "bench ");
	put_str(buf, &p, metric);
	put_str(buf, &p, " ");
	put_u64(buf, &p, value);
	put_str(buf, &p, " insns\n");
	sc3(SYS_write, 1, (i64)buf, p);
}

/* Print "<tag> <text><v>". */
static void note(const char *tag, const char *text, u64 v)
{
	char buf[256];
	u64 p = 0;
	put_str(buf, &p, tag);
	put_str(buf, &p, " ");
	put_str(buf, &p, text);
	put_u64(buf, &p, v);
	put_str(buf, &p, "\n");
	sc3(SYS_write, 1, (i64)buf, p);
}

/* ---- measurement harness ---- */

#define BATCHES 32

/* Time n iterations of `op` (a statement, possibly empty). */
#define TIMED_LOOP(n, op)                                                                          \
	({                                                                                         \
		u64 t0_ = tsc();                                                                   \
		for (i64 i_ = 0; i_ < (n); i_++) {                                                 \
			op;                                                                        \
			barrier();                                                                 \
		}                                                                                  \
		tsc() - t0_;                                                                       \
	})

/* A batch function returns the rdtsc delta of n iterations, with the
 * operation (with_op = 1) or the bare loop (with_op = 0).  It may return
 * INVALID for a batch that must not count (see sched_yield). */
typedef u64 (*batch_fn)(void *ctx, i64 n, int with_op);
#define INVALID (~0UL)

static u64 errors; /* operations that returned an unexpected value */

/* Returns instructions per operation, or INVALID if no batch was valid. */
static u64 measure(batch_fn fn, void *ctx, i64 n, u64 ops_per_iter)
{
	u64 base = INVALID, best = INVALID;

	fn(ctx, n, 0); /* warm-up */
	fn(ctx, n, 1);
	for (int b = 0; b < BATCHES; b++) {
		u64 d = fn(ctx, n, 0);
		if (d < base)
			base = d;
	}
	for (int b = 0; b < BATCHES; b++) {
		u64 d = fn(ctx, n, 1);
		if (d < best)
			best = d;
	}
	if (best == INVALID || base == INVALID || best < base)
		return INVALID;
	u64 div = (u64)n * ops_per_iter;
	return (best - base + div / 2) / div;
}

/* ---- null syscall ---- */

static u64 batch_getppid(void *ctx, i64 n, int with_op)
{
	(void)ctx;
	if (with_op)
		return TIMED_LOOP(n, sc0(SYS_getppid));
	return TIMED_LOOP(n, );
}

/* ---- sched_yield ping-pong ----
 *
 * CFS does not guarantee strict alternation: a forked child starts with a
 * vruntime debit (the parent's yields return without switching until it has
 * caught up), and later the two vruntimes drift, so now and then a yield
 * finds the other task too far ahead and returns without switching.  Such
 * a yield is much cheaper than a switch, so a plain minimum would pick
 * exactly those batches.  The child therefore counts its rounds in a shared
 * page, and a batch counts only if the child ran exactly once per parent
 * yield, i.e. every one of the 2N yields switched.
 */

struct yield_ctx {
	volatile u64 *child_rounds; /* shared page: child's loop counter */
	u64 valid, total;           /* op batches with strict alternation / all */
};

static u64 batch_yield(void *ctx, i64 n, int with_op)
{
	struct yield_ctx *y = ctx;
	if (!with_op)
		return TIMED_LOOP(n, );
	u64 c0 = *y->child_rounds;
	u64 d = TIMED_LOOP(n, sc0(SYS_sched_yield));
	u64 rounds = *y->child_rounds - c0;
	y->total++;
	if (rounds != (u64)n)
		return INVALID;
	y->valid++;
	return d;
}

static void bench_yield(i64 n)
{
	struct yield_ctx y = { 0, 0, 0 };
	i64 m = sc6(SYS_mmap, 0, 4096, PROT_RW, MAP_SHARED_ANON, -1, 0);
	if (m < 0 && m > -4096) {
		puts1("error mmap failed\n");
		return;
	}
	y.child_rounds = (volatile u64 *)m;

	i64 pid = sc0(SYS_fork);
	if (pid == 0) {
		for (;;) { /* child: yield forever, counting rounds */
			sc0(SYS_sched_yield);
			(*y.child_rounds)++;
		}
	}
	/* Extra warm-up: yield until the child's start-up debit is used up and
	 * the two processes alternate. */
	while (*y.child_rounds < 1000)
		sc0(SYS_sched_yield);

	u64 v = measure(batch_yield, &y, n, 2);
	sc3(SYS_kill, pid, SIGKILL, 0);
	sc4(SYS_wait4, pid, 0, 0, 0);
	report("linux.ctxswitch.yield.insns", v);
	note("info", "yield op batches incl. warm-up: ", y.total);
	note("info", "yield op batches with strict alternation: ", y.valid);
}

/* ---- 1-byte round trip over a pair of fds (pipes or a socketpair) ---- */

struct rt_ctx {
	int wfd, rfd; /* parent's write and read ends */
};

static u64 batch_rt(void *ctx, i64 n, int with_op)
{
	struct rt_ctx *r = ctx;
	char b = 'x';
	if (!with_op)
		return TIMED_LOOP(n, );
	return TIMED_LOOP(n, {
		if (sc3(SYS_write, r->wfd, (i64)&b, 1) != 1)
			errors++;
		if (sc3(SYS_read, r->rfd, (i64)&b, 1) != 1)
			errors++;
	});
}

/* Parent uses (pw, pr); child echoes from cr to cw.  The caller closes the fds. */
static u64 roundtrip(int pw, int pr, int cr, int cw, i64 n)
{
	i64 pid = sc0(SYS_fork);
	if (pid == 0) {
		char b;
		for (;;) { /* child: echo one byte at a time */
			if (sc3(SYS_read, cr, (i64)&b, 1) != 1)
				sc3(SYS_exit, 1, 0, 0);
			sc3(SYS_write, cw, (i64)&b, 1);
		}
	}
	struct rt_ctx r = { pw, pr };
	u64 v = measure(batch_rt, &r, n, 1);
	sc3(SYS_kill, pid, SIGKILL, 0);
	sc4(SYS_wait4, pid, 0, 0, 0);
	return v;
}

static void bench_pipe(i64 n)
{
	int p2c[2], c2p[2];
	if (sc3(SYS_pipe, (i64)p2c, 0, 0) || sc3(SYS_pipe, (i64)c2p, 0, 0)) {
		puts1("error pipe failed\n");
		return;
	}
	report("linux.pipe.roundtrip.1b.insns", roundtrip(p2c[1], c2p[0], p2c[0], c2p[1], n));
	for (int i = 0; i < 2; i++) {
		sc3(SYS_close, p2c[i], 0, 0);
		sc3(SYS_close, c2p[i], 0, 0);
	}
}

static void bench_uds(i64 n)
{
	int sv[2];
	if (sc4(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (i64)sv)) {
		puts1("error socketpair failed\n");
		return;
	}
	/* Both directions go over the one connected pair: parent sv[0], child sv[1]. */
	report("linux.uds.roundtrip.1b.insns", roundtrip(sv[0], sv[0], sv[1], sv[1], n));
	sc3(SYS_close, sv[0], 0, 0);
	sc3(SYS_close, sv[1], 0, 0);
}

/* ---- entry ---- */

static void power_off(void)
{
	/* reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF) */
	sc4(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, 0);
	/* Fallback: PID 1 exiting panics the kernel; panic=-1 + -no-reboot ends QEMU. */
	sc3(SYS_exit, 0, 0, 0);
}

void start_c(void)
{
	/* The kernel opens /dev/console as fds 0-2 if it exists; make sure. */
	if (sc3(SYS_fcntl, 1, F_GETFD, 0) < 0) {
		i64 fd = sc3(SYS_open, (i64) "/dev/console", O_RDWR, 0);
		if (fd >= 0 && fd != 1)
			sc3(SYS_fcntl, fd, 0 /* F_DUPFD */, 1);
	}

	puts1("\n"); /* the firmware's last line on the serial port has no newline */

	/* struct utsname: 6 fields of 65 bytes; release is the third. */
	static char uts[6 * 65];
	if (sc3(SYS_uname, (i64)uts, 0, 0) == 0) {
		puts1("info kernel ");
		puts1(uts + 2 * 65);
		puts1("\n");
	}
	/* Check that rdtsc counts instructions: 1000 x 2 instructions (lfence;rdtsc). */
	u64 t0 = tsc();
	for (int i = 0; i < 1000; i++)
		__asm__ volatile("lfence; rdtsc" ::: "rax", "rdx", "memory");
	note("info", "tsc delta for 1000 x (lfence;rdtsc) + 2-insn loop = ", tsc() - t0);

	report("linux.syscall.null.insns", measure(batch_getppid, 0, 2000, 1));
	bench_yield(100);
	bench_pipe(200);
	bench_uds(100);
	if (errors)
		note("error", "failed read/write calls: ", errors);
	puts1("info done\n");
	power_off();
}

/* Kernel enters with rsp pointing at argc; align the stack and call C. */
__asm__(".text\n"
	".global _start\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");
