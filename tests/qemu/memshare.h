/*
 * memshare.h — the protocol between t_mem and its server h_memshare, which
 * gets an endpoint (slot 4, to receive on) and a read-only capability to
 * the client's 1 MiB memory object (slot 5). Calls, by label:
 *   PING        answers at once (the server is up and waiting)
 *   VERIFY      w0 = seed: map slot 5 read-only and compare every byte with
 *               share_pattern(i, seed). Answer: w0 = bytes that differ,
 *               w1 = the server's address of the mapping, w2 = what mapping
 *               it writable returned, w3 = what mem_phys on it returned
 *   MARKS       w0 = offset in each page: answer w0 = pages whose byte there
 *               is share_mark(page)
 *   WRITE_FAULT w0 = offset: a second thread of the server writes there
 *               through the read-only mapping; the server, its fault
 *               handler, answers with struct share_fault in the data
 *   PHYS        one capability (contiguous memory, READ | PHYS) and
 *               w0 = pages (<= 4): answer w0..w3 = mem_phys of each page
 *   EXIT        answers, then exits 0
 */
#ifndef TESTS_MEMSHARE_H
#define TESTS_MEMSHARE_H

#include <stdint.h>

#define SHARE_PAGES 256 /* 1 MiB */
#define SHARE_BYTES (SHARE_PAGES * 4096)
#define SHARE_BADGE 0x5EED /* badge of the server's fault-handler endpoint */

enum share_label {
	SHARE_PING = 1,
	SHARE_VERIFY,
	SHARE_MARKS,
	SHARE_WRITE_FAULT,
	SHARE_PHYS,
	SHARE_EXIT
};

/* What the server's fault handler received, as it received it. */
struct share_fault {
	uint64_t result; /* of the handler's recv */
	uint64_t label;
	uint64_t badge;
	uint64_t vector, addr, rip, error; /* the four words */
	uint64_t map_va;                   /* the server's address of the shared mapping */
	uint64_t wrote;                    /* 1 if the write went through (it must not) */
};

static inline uint8_t share_pattern(uint64_t i, uint64_t seed)
{
	return (uint8_t)((i * 2654435761u >> 13) ^ (i >> 12) ^ seed);
}

/* A value that differs from every pattern byte at the same place. */
static inline uint8_t share_mark(uint64_t page, uint64_t offset, uint64_t seed)
{
	return (uint8_t)~share_pattern(page * 4096 + offset, seed);
}

#endif
