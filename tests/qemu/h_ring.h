/*
 * h_ring.h — the protocol t_ring and its server h_ring share: one memory
 * object holding a request ring (first half) and a completion ring (second
 * half) of struct ring_msg, and two notifications, one each way. The server
 * answers {id, value} with {id, value + 1}; a request with id RING_QUIT ends
 * it.
 *
 * The server's capabilities (spawn order): slot 4 the memory, slot 5 the
 * notification it waits on (READ), slot 6 the one it signals (WRITE).
 */
#ifndef TESTS_H_RING_H
#define TESTS_H_RING_H

#include <stdint.h>

struct ring_msg {
	uint64_t id;
	uint64_t value;
};

#define RING_HALF_PAGES 9 /* a ring of 2048 entries and its header: 32 KiB + 192 bytes */
#define RING_HALF_BYTES (RING_HALF_PAGES * 4096ull)
#define RING_MEM_PAGES  (2 * RING_HALF_PAGES)
#define RING_QUIT       UINT64_MAX

#define SRV_MEM  4
#define SRV_WAIT 5
#define SRV_WAKE 6

/* Server exit codes other than its count of answered requests. */
#define SRV_E_MAP     -1 /* could not map the memory */
#define SRV_E_ATTACH  -2 /* ring_attach refused a ring */
#define SRV_E_CORRUPT -3 /* the request ring went corrupt */
#define SRV_E_FULL    -4 /* the completion ring was full: the client broke its limit */
#define SRV_E_WAIT    -5 /* wait_signal failed */

#endif
