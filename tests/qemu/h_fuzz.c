/*
 * h_fuzz — the system-call fuzzer. Issues FUZZ_CALLS random system calls
 * (seeded by argv[1], so a failure can be replayed) with arguments drawn
 * from a pool of capabilities it made (so a real share of calls succeed),
 * well-known slots, valid, misaligned, kernel and wild pointers, boundary
 * and random integers. It then reports calls and successes per call number
 * and exits 0. The kernel must survive all of it; t_fuzz checks that every
 * frame comes back afterwards.
 *
 * What the fuzzer must not do is end itself by accident (unmap its own code,
 * delete its account, kill its own thread, block for good). Those arguments
 * are steered, each with a comment; everything else is random. Calls that
 * never return (exit, thread_exit) are made by loose threads running a
 * two-instruction blob in an address space of their own.
 */
#include "rt.h"

#define FUZZ_CALLS 1000000
#define POOL       48
#define SCRATCH    8192
#define FUZZ_VA    0x0000500000000000ull /* the fuzzer's own mappings go here */
#define BLOB_VA    0x0000000010000000ull /* the blob, in the loose threads' space */

/* Given by t_fuzz: four harmless I/O ports (0x80-0x83), an interrupt line with no device, the boot
 * files. */
enum { IOPORTS = 4, IRQ_LINE = 5, BOOTFS = 6 };
/* Protected objects, in slots no random slot number reaches (see arg_slot). */
enum { SAFE_NTFN = 10, SAFE_TIMER, LOOSE_ASPACE, LOOSE_CSPACE, ECHO_EP, FAULT_EP };

static uint64_t state;
static uint32_t pool[POOL];
static uint8_t scratch[SCRATCH] __attribute__((aligned(16)));
static uint64_t calls[SKY_SYS_COUNT], successes[SKY_SYS_COUNT], unknown;
static int64_t children[64];
static int64_t echo;
static unsigned nchildren;

static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1Dull;
}

static uint64_t pick(uint64_t n)
{
	return rnd() % n;
}

static uint64_t pool_slot(void)
{
	return pool[pick(POOL)];
}

/* Mostly a pool slot holding an object of `type` (if there is one), else any slot argument. */
static uint64_t typed(uint32_t type)
{
	if (pick(4) == 0)
		return pick(2) ? pool_slot() : pick(4);
	unsigned start = (unsigned)pick(POOL);
	for (unsigned k = 0; k < POOL; k++) {
		struct sky_cap_info ci;
		uint32_t slot = pool[(start + k) % POOL];
		if (sky_cap_identify(slot, &ci) == 0 && ci.type == type)
			return slot;
	}
	return pool_slot();
}

/* A slot argument: mostly the pool; never the protected slots 4-31. */
static uint64_t arg_slot(void)
{
	switch (pick(12)) {
	case 0:
		return pick(4); /* well-known 0-3 */
	case 1:
		return 200 + pick(100); /* mostly empty, some out of range (>= 256) */
	case 2:
		return SKY_SLOT_NONE;
	case 3:
		return rnd();
	default:
		return pool_slot();
	}
}

static uint64_t arg_int(void)
{
	static const uint64_t edge[] = { 0,
					 1,
					 2,
					 3,
					 7,
					 8,
					 63,
					 64,
					 255,
					 256,
					 4095,
					 4096,
					 4097,
					 0x7FFFFFFF,
					 0xFFFFFFFF,
					 0x8000000000000000ull,
					 0xFFFFFFFFFFFFFFFFull };
	switch (pick(4)) {
	case 0:
		return edge[pick(sizeof edge / sizeof edge[0])];
	case 1:
		return rnd();
	default:
		return pick(64);
	}
}

static uint64_t arg_ptr(void)
{
	switch (pick(8)) {
	case 0:
	case 1:
	case 2:
		return (uint64_t)&scratch[pick(SCRATCH / 8 - 16) * 8];
	case 3:
		return (uint64_t)&scratch[1 + pick(64)]; /* misaligned */
	case 4:
		return 0xFFFFFFFF80100000ull + pick(0x100000); /* kernel */
	case 5:
		return pick(2) ? 0 : 0x10000000; /* NULL, unmapped */
	case 6:
		return 0x00007FFFFFFFF000ull + pick(0x2000); /* the top edge of user space */
	default:
		return rnd();
	}
}

static uint64_t arg_rights(void)
{
	return pick(4) ? pick(SKY_RIGHTS_ALL + 1) : rnd();
}

/* An IPC info word that never waits for good. */
static uint64_t arg_info(void)
{
	uint64_t info = pick(3) ? SKY_MSG(pick(8), pick(300), pick(6)) : rnd() & ~(1ull << 63);
	return info | (pick(2) ? SKY_MSG_NONBLOCK : SKY_MSG_TIMEOUT);
}

/* Keep the pool stocked: an empty entry gets a fresh object of a random kind. */
static void refill(void)
{
	static const uint32_t kinds[] = { SKY_OBJ_ENDPOINT, SKY_OBJ_NOTIFICATION, SKY_OBJ_REPLY,
					  SKY_OBJ_TIMER,    SKY_OBJ_MEMORY,       SKY_OBJ_ASPACE,
					  SKY_OBJ_CSPACE,   SKY_OBJ_THREAD,       SKY_OBJ_ACCOUNT };
	unsigned i = (unsigned)pick(POOL);
	struct sky_cap_info ci;
	if (sky_cap_identify(pool[i], &ci) == 0)
		return;
	uint32_t type = kinds[pick(sizeof kinds / sizeof kinds[0])];
	struct sky_account_limits lim = { 1 << 20, 64, 4 };
	uint64_t a0 = type == SKY_OBJ_MEMORY    ? 1 + pick(8)
		      : type == SKY_OBJ_CSPACE  ? 64
		      : type == SKY_OBJ_THREAD  ? LOOSE_ASPACE
		      : type == SKY_OBJ_ACCOUNT ? (uint64_t)&lim
						: 0;
	uint64_t a1 = type == SKY_OBJ_THREAD ? LOOSE_CSPACE : type == SKY_OBJ_MEMORY ? pick(2) : 0;
	sky_obj_create(SKY_SLOT_ACCOUNT, type, pool[i], a0, a1);
}

/* Start a loose thread whose blob issues syscall `nr` (exit and thread_exit live here);
 * success means a thread was started to make the call. */
static int64_t loose_call(uint64_t nr)
{
	uint64_t t = typed(SKY_OBJ_THREAD);
	sky_thread_faults((uint32_t)t, pick(2) ? FAULT_EP : (uint32_t)arg_slot());
	return sky_thread_start((uint32_t)t, BLOB_VA, BLOB_VA + 0x800, nr, SKY_PRIO_INHERIT);
}

static void reap_children(void)
{
	for (unsigned i = 0; i < nchildren; i++)
		sky_wait(children[i], NULL);
	nchildren = 0;
}

static int64_t fuzz_spawn(void)
{
	struct sky_spawn req = { .name = pick(4) ? "h_exit" : (const char *)arg_ptr(),
				 .name_len = pick(4) ? 6 : arg_int(),
				 .args = pick(2) ? "5" : (const char *)arg_ptr(),
				 .args_len = pick(2) ? 2 : arg_int(),
				 .priority = pick(3) ? -1 : (int64_t)arg_int(),
				 .account = pick(4) ? SKY_SLOT_ACCOUNT : (uint32_t)arg_slot(),
				 .ncaps = (uint32_t)pick(3) };
	for (unsigned i = 0; i < SKY_SPAWN_CAPS_MAX; i++)
		req.caps[i] = (uint32_t)arg_slot();
	int64_t pid = sky_spawn_req(pick(8) ? &req : (const struct sky_spawn *)arg_ptr());
	if (pid > 0 && nchildren < 64)
		children[nchildren++] = pid;
	if (nchildren == 64)
		reap_children();
	return pid;
}

/* One random call of number nr, with arguments shaped for it most of the time. */
static int64_t fuzz_call(uint64_t nr)
{
	uint64_t a[6];
	for (int i = 0; i < 6; i++) {
		a[i] = pick(2) ? arg_slot() : arg_int();
		if (pick(10) == 0) /* now and then, pure noise */
			a[i] = rnd();
		if (a[i] >= IOPORTS && a[i] < RT_FIRST_SLOT) /* the protected slots stay ours */
			a[i] = pool_slot();
	}
	switch (nr) {
	case SKY_SYS_CONSOLE_WRITE: { /* readable bytes, or none at all: the log stays legible */
		static const uint64_t unreadable[] = { 0, 0x10000000, 0xFFFFFFFF80100000ull,
						       0x00007FFFFFFFFFF0ull,
						       0xFFFFFFFFFFFFFFF0ull };
		if (pick(2))
			return sky_console_write("fuzz.", pick(6));
		return sky_console_write((const void *)unreadable[pick(5)], arg_int());
	}
	case SKY_SYS_EXIT:
	case SKY_SYS_THREAD_EXIT:
		return loose_call(nr);
	case SKY_SYS_SLEEP:
		return sky_sleep(pick(20000));
	case SKY_SYS_SPAWN:
		return fuzz_spawn();
	case SKY_SYS_WAIT: { /* never "any child" nor the echo server: they never end */
		int64_t pid = nchildren && pick(2) ? children[pick(nchildren)] : (int64_t)arg_int();
		return sky_wait(pid == -1 || pid == echo ? 0 : pid,
				(struct sky_exit_info *)arg_ptr());
	}
	case SKY_SYS_KILL: { /* the echo server stays alive */
		int64_t pid = nchildren && pick(2) ? children[pick(nchildren)] : (int64_t)arg_int();
		return sky_kill(pid == echo ? 0 : pid);
	}
	case SKY_SYS_SYSINFO:
		a[0] = arg_ptr();
		break;
	case SKY_SYS_RANDOM:
		a[0] = arg_ptr();
		a[1] = pick(2) ? pick(SKY_RANDOM_MAX + 2) : arg_int();
		break;
	case SKY_SYS_BOOTFS_SIZE:
	case SKY_SYS_BOOTFS_READ: {
		static const char *const names[] = { "hello", "init", "h_fuzz", "nosuch" };
		const char *name = names[pick(4)];
		if (pick(4))
			a[0] = BOOTFS;
		if (pick(4)) {
			a[1] = (uint64_t)name;
			a[2] = pick(8) ? strlen(name) : pick(64);
		}
		a[3] = pick(2) ? pick(70000) : arg_int();
		a[4] = arg_ptr();
		/* Into our scratch at most 128 bytes, which always fit: a read must not overwrite
		 * us. */
		bool ours = a[4] >= (uint64_t)scratch && a[4] < (uint64_t)scratch + SCRATCH;
		a[5] = ours || pick(2) ? pick(129) : arg_int();
		break;
	}
	case SKY_SYS_CAP_IDENTIFY:
	case SKY_SYS_ACCOUNT_INFO:
		if (nr == SKY_SYS_ACCOUNT_INFO && pick(2))
			a[0] = pick(2) ? SKY_SLOT_ACCOUNT : typed(SKY_OBJ_ACCOUNT);
		a[1] = arg_ptr();
		break;
	case SKY_SYS_CAP_DERIVE:
	case SKY_SYS_CAP_MOVE:
	case SKY_SYS_CAP_DELETE:
	case SKY_SYS_CAP_REVOKE:
		/* Never give away, move or delete our own account, spaces or thread. */
		if (a[0] < 4 && nr != SKY_SYS_CAP_REVOKE)
			a[0] = pool_slot();
		if (pick(2))
			a[1] = pool_slot();
		a[2] = arg_rights();
		a[3] = pick(2) ? 0 : arg_int();
		break;
	case SKY_SYS_OBJ_CREATE:
		a[0] = pick(4) ? SKY_SLOT_ACCOUNT : typed(SKY_OBJ_ACCOUNT);
		a[1] = pick(SKY_OBJ_COUNT + 2);
		a[2] = pool_slot();
		if (a[1] == SKY_OBJ_THREAD) /* loose threads only: never in our space */
			a[3] = LOOSE_ASPACE, a[4] = LOOSE_CSPACE;
		if (a[1] == SKY_OBJ_ACCOUNT)
			a[3] = arg_ptr();
		if (a[1] == SKY_OBJ_MEMORY && pick(2))
			a[3] = 1 + pick(16), a[4] = pick(2);
		break;
	case SKY_SYS_MEM_MAP:
		if (pick(2)) {
			a[0] = pick(2) ? SKY_SLOT_ASPACE : typed(SKY_OBJ_ASPACE);
			a[1] = typed(SKY_OBJ_MEMORY);
			a[2] = FUZZ_VA + pick(512) * 4096;
			a[3] = pick(2);
			a[4] = 1 + pick(2);
			a[5] = pick(2) ? SKY_RIGHT_READ | SKY_RIGHT_WRITE : arg_rights();
		} else {
			a[2] = arg_ptr();
		}
		break;
	case SKY_SYS_MEM_UNMAP: /* our own space only where the fuzzer maps */
		if (pick(2))
			a[0] = pick(2) ? SKY_SLOT_ASPACE : typed(SKY_OBJ_ASPACE);
		if (a[0] == SKY_SLOT_ASPACE || pick(2))
			a[1] = FUZZ_VA + pick(512) * 4096;
		break;
	case SKY_SYS_MEM_PHYS:
		a[0] = typed(SKY_OBJ_MEMORY);
		a[1] = pick(4) ? pick(4) : arg_int();
		break;
	case SKY_SYS_SEND:
	case SKY_SYS_CALL:
		a[0] = pick(2) ? ECHO_EP : typed(SKY_OBJ_ENDPOINT);
		a[1] = arg_info();
		if (a[0] ==
		    ECHO_EP) { /* labels the server answers (send: 9), never ones that end it */
			static const uint64_t labels[] = { 1, 2, 6 };
			a[1] = SKY_MSG(nr == SKY_SYS_SEND ? 9 : labels[pick(3)], pick(200),
				       pick(3)) |
			       SKY_MSG_TIMEOUT;
		}
		break;
	case SKY_SYS_REPLY:
		a[0] = typed(SKY_OBJ_REPLY);
		a[1] = pick(2) ? SKY_MSG(pick(2), 0, 0)
			       : arg_info() & ~(SKY_MSG_NONBLOCK | SKY_MSG_TIMEOUT);
		break;
	case SKY_SYS_RECV:
	case SKY_SYS_REPLY_RECV:
		/* Loose threads' faults queue on FAULT_EP: receive and answer them. */
		a[0] = (pick(2) ? FAULT_EP : typed(SKY_OBJ_ENDPOINT)) |
		       (uint64_t)(pick(4) ? typed(SKY_OBJ_REPLY) : arg_slot()) << 32;
		a[1] = arg_info();
		if (nr == SKY_SYS_RECV && pick(4)) /* receive takes flags only */
			a[1] &= SKY_MSG_NONBLOCK | SKY_MSG_TIMEOUT;
		if (nr == SKY_SYS_REPLY_RECV && pick(2)) /* answer faults: resume or kill */
			a[1] = SKY_MSG(pick(2), 0, 0) |
			       (a[1] & (SKY_MSG_NONBLOCK | SKY_MSG_TIMEOUT));
		break;
	case SKY_SYS_SIGNAL:
	case SKY_SYS_POLL_SIGNAL:
		a[0] = typed(SKY_OBJ_NOTIFICATION);
		a[1] = pick(2) ? 1 + pick(255) : arg_int();
		break;
	case SKY_SYS_WAIT_SIGNAL: /* only where a signal is sure to come */
		if (pick(2)) {
			a[0] = SAFE_NTFN;
		} else {
			struct sky_cap_info ci;
			if (sky_cap_identify((uint32_t)a[0], &ci) == 0 &&
			    ci.type == SKY_OBJ_NOTIFICATION)
				a[0] = SAFE_NTFN;
		}
		break;
	case SKY_SYS_THREAD_START:
		a[0] = typed(SKY_OBJ_THREAD);
		if (a[0] == SKY_SLOT_THREAD)
			a[0] = pool_slot();
		a[1] = pick(2) ? BLOB_VA : rnd();
		a[2] = pick(2) ? BLOB_VA + 0x800 : rnd();
		a[3] = pick(SKY_SYS_COUNT + 4); /* the blob's call: anything but our own exit */
		a[4] = pick(2) ? (uint64_t)SKY_PRIO_INHERIT : arg_int();
		break;
	case SKY_SYS_THREAD_KILL:
	case SKY_SYS_THREAD_FAULTS:
		a[0] = typed(SKY_OBJ_THREAD);
		if (a[0] == SKY_SLOT_THREAD) /* not ourselves, nor our own faults */
			a[0] = pool_slot();
		a[1] = pick(2) ? FAULT_EP : pick(2) ? typed(SKY_OBJ_ENDPOINT) : arg_slot();
		break;
	case SKY_SYS_TIMER_SET:
		a[0] = typed(SKY_OBJ_TIMER);
		a[1] = typed(SKY_OBJ_NOTIFICATION);
		a[2] = pick(4) ? 1 + pick(255) : arg_int();
		a[3] = pick(3) ? pick(5000000) : rnd();
		a[4] = pick(2) ? 0 : pick(3) ? 100000 + pick(1000000) : rnd();
		break;
	case SKY_SYS_IO_IN:
	case SKY_SYS_IO_OUT:
	case SKY_SYS_IOPORT_NARROW:
		if (pick(2))
			a[0] = IOPORTS;
		if (nr != SKY_SYS_IOPORT_NARROW && pick(2))
			a[1] = 0x80 + pick(6), a[2] = 1u << pick(3);
		if (nr == SKY_SYS_IOPORT_NARROW)
			a[1] = 0x7E + pick(8), a[2] = pick(6), a[3] = pool_slot();
		break;
	case SKY_SYS_IRQ_ACK:
		if (pick(2))
			a[0] = IRQ_LINE;
		break;
	default: /* irq_claim: the fuzzer holds no interrupt control, so it is always refused */
		break;
	}
	return sky_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Loose threads run in their own space, on a blob: eax = rdi; syscall; ud2. */
static int setup(void)
{
	if (sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_NOTIFICATION, SAFE_NTFN, 0, 0) ||
	    sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_ENDPOINT, FAULT_EP, 0, 0) ||
	    sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_TIMER, SAFE_TIMER, 0, 0) ||
	    sky_timer_set(SAFE_TIMER, SAFE_NTFN, 1, 200000, 200000) ||
	    sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_ASPACE, LOOSE_ASPACE, 0, 0) ||
	    sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_CSPACE, LOOSE_CSPACE, 64, 0))
		return -1;
	int64_t blob = object_create(SKY_OBJ_MEMORY, 1, 0);
	uint8_t *code = map_object((uint32_t)blob, 1, SKY_RIGHT_READ | SKY_RIGHT_WRITE);
	if (!code)
		return -1;
	static const uint8_t insns[] = { 0x89, 0xF8, 0x0F, 0x05, 0x0F, 0x0B }; /* mov %edi,%eax */
	memcpy(code, insns, sizeof insns);
	if (sky_mem_map(LOOSE_ASPACE, (uint32_t)blob, BLOB_VA, 0, 1,
			SKY_RIGHT_READ | SKY_RIGHT_EXEC))
		return -1;
	for (int i = 0; i < POOL; i++)
		pool[i] = (uint32_t)slot_alloc();
	for (int i = 0; i < POOL * 4; i++)
		refill();
	/* A server for calls to answer (its labels: tests/qemu/h_echo.c). */
	if (sky_obj_create(SKY_SLOT_ACCOUNT, SKY_OBJ_ENDPOINT, ECHO_EP, 0, 0))
		return -1;
	uint32_t caps[1] = { ECHO_EP };
	echo = spawn_with_caps("h_echo", NULL, SKY_PRIO_INHERIT, caps, 1);
	return echo > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	state = argc > 1 ? 0x9E3779B97F4A7C15ull * (uint64_t)(argv[1][0] + 1) : 1;
	if (setup())
		return 2;
	/* argv[1] = "S" or "SD": seed character S, and 10^D calls instead of FUZZ_CALLS. */
	uint64_t n = argc > 1 && argv[1][0] && argv[1][1] ? (uint64_t)(argv[1][1] - '0') : 0;
	uint64_t total_calls = FUZZ_CALLS;
	if (n && n < 10)
		for (total_calls = 1; n--;)
			total_calls *= 10;
	for (uint64_t i = 0; i < total_calls; i++) {
		if (i % 100000 == 0)
			printf("\nfuzz: %llu calls so far\n", (unsigned long long)i);
		if (pick(4) == 0)
			refill();
		uint64_t nr = pick(SKY_SYS_COUNT + 2);
		int64_t r = fuzz_call(nr);
		if (nr < SKY_SYS_COUNT) {
			calls[nr]++;
			successes[nr] += r >= 0;
		} else {
			unknown += r == -SKY_E_NOSYS;
		}
	}
	sky_kill(echo);
	sky_wait(echo, NULL);
	reap_children();
	sky_console_write("\n", 1); /* end any partial line the fuzz printed */
	uint64_t total = 0, ok = 0;
	for (unsigned nr = 0; nr < SKY_SYS_COUNT; nr++) {
		printf("fuzz: syscall %2u: %7llu calls, %7llu succeeded\n", nr,
		       (unsigned long long)calls[nr], (unsigned long long)successes[nr]);
		total += calls[nr];
		ok += successes[nr];
	}
	printf("fuzz: %llu calls of undefined numbers, all refused with SKY_E_NOSYS\n",
	       (unsigned long long)unknown);
	printf("fuzz: %llu calls in all, %llu succeeded (exit and thread_exit: made by loose "
	       "threads, counted when started)\n",
	       (unsigned long long)(total + unknown), (unsigned long long)ok);
	return total + unknown == total_calls ? 0 : 3;
}
