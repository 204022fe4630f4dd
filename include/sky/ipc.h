/*
 * ipc.h — messages. A message is a 64-bit info word, four words in
 * registers, up to 4096 bytes in the sender's IPC buffer and up to four
 * capabilities. Every thread has an IPC buffer that the kernel maps into its
 * address space; the thread's %fs base points at it.
 *
 * Info word:
 *   bits  0-12  data bytes in the IPC buffer (0..4096)
 *   bits 13-15  capabilities (0..4): send_caps[] on the way out; on arrival,
 *               how many landed in recv_slots[]
 *   bit  16     SKY_MSG_NONBLOCK: fail with SKY_E_AGAIN instead of waiting
 *   bit  17     SKY_MSG_TIMEOUT: give up after the buffer's timeout_ns
 *   bits 32-62  label, free for the protocol (faults use SKY_LABEL_FAULT)
 *
 * Registers of the IPC calls (rax = number):
 *   send       (rdi ep, rsi info, rdx w0, r10 w1, r8 w2, r9 w3)
 *   call       (rdi ep, rsi info, words) -> rax reply info, words
 *   recv       (rdi ep | reply << 32, rsi info) -> rax info, rdi badge, words
 *   reply      (rdi reply, rsi info, words)
 *   reply_recv (rdi ep | reply << 32, rsi info, words) -> as recv
 * Received words come back in rdx, r10, r8, r9.
 */
#ifndef SKY_IPC_H
#define SKY_IPC_H

#define SKY_MSG_DATA_MAX    4096
#define SKY_MSG_CAPS_MAX    4
#define SKY_MSG_LEN_MASK    0x1FFFull
#define SKY_MSG_CAPS_SHIFT  13
#define SKY_MSG_NONBLOCK    (1ull << 16)
#define SKY_MSG_TIMEOUT     (1ull << 17)
#define SKY_MSG_LABEL_SHIFT 32
#define SKY_MSG_LABEL_MAX   0x7FFFFFFFull

#define SKY_MSG(label, len, caps)                                                                  \
	(((uint64_t)(label) << SKY_MSG_LABEL_SHIFT) | ((uint64_t)(caps) << SKY_MSG_CAPS_SHIFT) |   \
	 (uint64_t)(len))
#define SKY_MSG_LEN(info)   ((info)&SKY_MSG_LEN_MASK)
#define SKY_MSG_CAPS(info)  (((info) >> SKY_MSG_CAPS_SHIFT) & 7)
#define SKY_MSG_LABEL(info) (((info) >> SKY_MSG_LABEL_SHIFT) & SKY_MSG_LABEL_MAX)

/* A fault arrives at the thread's handler as a call with this label:
 * w0 = vector, w1 = fault address (page faults), w2 = rip, w3 = error code;
 * the badge is that of the endpoint capability given to thread_faults().
 * Replying resumes the thread (label SKY_FAULT_RESUME, after fixing the
 * cause) or ends it (SKY_FAULT_KILL). */
#define SKY_LABEL_FAULT  0x7FFF0001u
#define SKY_FAULT_RESUME 0
#define SKY_FAULT_KILL   1

/* Two pages: struct sky_ipc_buffer takes the first 4160 bytes. */
#define SKY_IPC_BUFFER_SIZE 8192

#ifndef __ASSEMBLER__
#include <stdint.h>

struct sky_ipc_buffer {
	uint64_t self;          /* this buffer's own address, so %fs:0 finds it */
	uint64_t timeout_ns;    /* relative, for SKY_MSG_TIMEOUT */
	uint32_t send_caps[4];  /* slots whose capabilities go with the next message */
	uint32_t recv_slots[4]; /* empty slots to receive capabilities in, or SKY_SLOT_NONE */
	uint8_t reserved[16];
	uint8_t data[SKY_MSG_DATA_MAX];
};

_Static_assert(sizeof(struct sky_ipc_buffer) == 64 + SKY_MSG_DATA_MAX, "IPC buffer layout");
#endif

#endif
