/*
 * loader.c — ELF segments and the initial stack. Each segment becomes a
 * memory object of fresh zeroed pages mapped with the segment's rights;
 * bytes come from the boot file only within the ranges elf64_parse() proved
 * to be inside it.
 *
 * Initial stack (rsp at entry, 16-byte aligned), as the SysV ABI lays it out:
 *   rsp -> argc, argv[0] .. argv[argc-1], NULL, then the strings, up to
 *   USER_STACK_TOP. rdi = argc and rsi = argv as well, for convenience.
 */
#include "loader.h"

#include "arch/x86_64/paging.h"
#include "aspace.h"
#include "base/string.h"
#include "elf/elf64.h"
#include "memobj.h"
#include "log.h"
#include "sky/error.h"

#define IMAGE_MAX   (256ull << 20) /* a boot program larger than this is absurd */
#define STACK_GUARD 0x10000ull     /* unmapped below the stack */

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static int load_segment(struct aspace *as, struct account *a, const struct bundle_file *file,
			const struct elf64_segment *s)
{
	unsigned rights = MAP_READ | (s->flags & ELF64_PF_W ? MAP_WRITE : 0) |
			  (s->flags & ELF64_PF_X ? MAP_EXEC : 0);
	uint64_t first = s->vaddr & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t npages = (s->vaddr + s->memsz - first + PAGE_SIZE - 1) / PAGE_SIZE;
	struct memobj *m;
	int err = memobj_create(a, npages, 0, &m);
	if (err)
		return err;
	for (uint64_t i = 0; i < npages; i++) {
		/* The part of [vaddr, vaddr + filesz) that falls in page i. */
		uint64_t va = first + i * PAGE_SIZE;
		uint64_t lo = max_u64(va, s->vaddr);
		uint64_t hi = min_u64(va + PAGE_SIZE, s->vaddr + s->filesz);
		if (lo < hi)
			memcpy((uint8_t *)memobj_page(m, i) + (lo - va),
			       file->data + s->offset + (lo - s->vaddr), hi - lo);
	}
	err = aspace_map(as, m, first, 0, npages, rights, false);
	object_put(&m->obj); /* the mapping keeps it */
	return err;
}

/* Lay out argc/argv/strings in the top stack page (physmap view); returns rsp. */
static uint64_t build_stack(uint8_t *top_page, const char *name, const char *args, size_t args_len,
			    unsigned *argc_out)
{
	uint64_t page_va = USER_STACK_TOP - PAGE_SIZE;
	size_t name_len = strlen(name) + 1;
	size_t off = PAGE_SIZE - args_len - name_len;
	memcpy(top_page + off, name, name_len);
	memcpy(top_page + off + name_len, args, args_len);

	uint64_t argv[LOADER_ARGV_MAX + 1];
	unsigned argc = 0;
	argv[argc++] = page_va + off;
	for (size_t i = 0; i < args_len; i++)
		if (i == 0 || args[i - 1] == '\0')
			argv[argc++] = page_va + off + name_len + i;

	/* argc, argv[], NULL below the strings, with rsp ending 16-byte aligned. */
	off &= ~(size_t)15;
	size_t words = 1 + argc + 1;
	off -= words * 8;
	off &= ~(size_t)15;
	uint64_t *w = (uint64_t *)(top_page + off);
	w[0] = argc;
	memcpy(&w[1], argv, argc * 8);
	w[1 + argc] = 0;
	*argc_out = argc;
	return page_va + off;
}

int loader_load(struct aspace *as, struct account *a, const char *name,
		const struct bundle_file *file, const char *args, size_t args_len,
		struct thread_start *start)
{
	const struct elf64_limits limits = {
		.vaddr_min = USER_MIN,
		.vaddr_end = USER_TOP,
		.reserved_start = USER_RESERVED_BASE,
		.reserved_end = USER_RESERVED_END,
		.max_memory = IMAGE_MAX,
	};
	struct elf64_image image;
	const char *why;
	if (elf64_parse(file->data, file->size, &limits, &image, &why) < 0) {
		log_warn("loader: refused '%s': %s", name, why);
		return -SKY_E_CORRUPT;
	}
	for (unsigned i = 0; i < image.count; i++) {
		int err = load_segment(as, a, file, &image.seg[i]);
		if (err)
			return err;
	}

	struct memobj *stack;
	int err = memobj_create(a, USER_STACK_SIZE / PAGE_SIZE, 0, &stack);
	if (err)
		return err;
	unsigned argc;
	uint64_t rsp =
		build_stack(memobj_page(stack, stack->npages - 1), name, args, args_len, &argc);
	err = aspace_map(as, stack, USER_STACK_TOP - USER_STACK_SIZE, 0, stack->npages,
			 MAP_READ | MAP_WRITE, true);
	object_put(&stack->obj);
	if (err)
		return err;
	*start = (struct thread_start){
		.rip = image.entry, .rsp = rsp, .arg0 = argc, .arg1 = rsp + 8
	};
	return 0;
}
