/*
 * sila.h — the run-time half of SILA, the interface language (docs/sila.md).
 * silac turns each .sila file into C codecs and protocol tables
 * (build/sila/sila_PKG.{h,c}); this file holds what they share: the message
 * they are encoded into, the byte-level readers and writers with their
 * checks, the channel state machine that enforces a protocol's order, and
 * module contracts. Freestanding: no allocation, no libc beyond
 * base/string.h, usable by the kernel, servers and host tools alike.
 *
 * A message (include/sky/ipc.h) carries a label, up to SILA_DATA_MAX bytes
 * of data in the IPC buffer and up to SILA_CAPS_MAX capabilities. A SILA
 * record is encoded into the data, little-endian and packed in declaration
 * order; its capability fields travel in the capability slots, in the order
 * they occur. The four register words are not used by SILA.
 */
#ifndef SILA_SILA_H
#define SILA_SILA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sky/cap.h"
#include "sky/ipc.h"

#define SILA_DATA_MAX SKY_MSG_DATA_MAX
#define SILA_CAPS_MAX SKY_MSG_CAPS_MAX

/* What a codec or a channel check refuses; functions return 0 or the
 * negated code. */
enum sila_status {
	SILA_OK,
	SILA_E_SHORT,      /* the data ends inside a field */
	SILA_E_TRAILING,   /* bytes follow the end of the record */
	SILA_E_BOOL,       /* a bool is neither 0 nor 1 */
	SILA_E_ENUM,       /* a value is no member of its enum or error enum */
	SILA_E_RESERVED,   /* a bit is set that the bits type does not define */
	SILA_E_BOUND,      /* a count or length is above its bound */
	SILA_E_UTF8,       /* a string is not well-formed UTF-8 */
	SILA_E_OPTIONAL,   /* a presence flag is neither 0 nor 1 */
	SILA_E_CAPS,       /* more or fewer capabilities than the record has */
	SILA_E_CAP_TYPE,   /* a capability names another kind of object */
	SILA_E_CAP_RIGHTS, /* a capability lacks a right its field requires */
	SILA_E_LABEL,      /* the label names no message (or error) this needs */
	SILA_E_ORDER,      /* the message is not allowed in the channel's state */
	SILA_E_SPACE,      /* encoding: the output buffer is too small */
	SILA_E_COUNT
};

/* Printable name of a status ("SILA_E_BOUND"), negated or not. */
const char *sila_status_name(int status);

/* A capability of a message: the slot it is in, and (received) its type
 * and rights as sky_cap_identify reports them. Senders fill `slot` only. */
struct sila_cap {
	uint32_t slot;
	uint32_t type;   /* SKY_OBJ_* */
	uint32_t rights; /* SKY_RIGHT_* */
};

/*
 * A message on its way out or in. Encoding fills label, len, ncaps and the
 * caps' slots, writing at most `space` bytes to `data` (normally the IPC
 * buffer's data, SILA_DATA_MAX bytes); sila_msg_info() is then the info word
 * to send (the slots go to the buffer's send_caps[]). Decoding reads label,
 * len, data and the received capabilities, which the receiver identified;
 * the caller vouches that `len` bytes lie at `data` (for IPC: the info
 * word's length, at most SILA_DATA_MAX since the kernel checks it). A record
 * may also be encoded on its own, in a file or a package manifest: then
 * `space` and `len` may pass SILA_DATA_MAX, and it has no capabilities.
 */
struct sila_msg {
	uint32_t label;
	uint32_t len;
	uint8_t *data;
	uint32_t space;
	uint32_t ncaps;
	struct sila_cap caps[SILA_CAPS_MAX];
};

static inline uint64_t sila_msg_info(const struct sila_msg *m)
{
	return SKY_MSG(m->label, m->len, m->ncaps);
}

/* Where decoding stopped: the offset in the data and the field's name. */
struct sila_where {
	uint32_t offset;
	const char *field;
};

/* ---- the codec primitives the generated code calls -------------------- */

struct sila_in {
	const uint8_t *data;
	uint32_t len, off;
	const struct sila_cap *caps;
	uint32_t ncaps, capi;
	struct sila_where *where; /* may be NULL */
};

struct sila_out {
	uint8_t *data;
	uint32_t space, off;
	struct sila_cap *caps;
	uint32_t ncaps;
};

void sila_in_start(struct sila_in *in, const struct sila_msg *m, struct sila_where *where);
/* Record `status` (negated) at the current offset for `field`; returns it. */
int sila_fail(struct sila_in *in, int status, const char *field);
/* The same after stepping back over the `back` bytes just read (a value
 * read whole and then refused is reported where it starts). */
int sila_refuse(struct sila_in *in, unsigned back, int status, const char *field);
/* An unsigned little-endian integer of `width` bytes (1, 2, 4 or 8). */
int sila_get(struct sila_in *in, unsigned width, uint64_t *v, const char *field);
int sila_get_bool(struct sila_in *in, bool *v, const char *field);
/* A presence flag of an optional field: 0 absent, 1 present. */
int sila_get_flag(struct sila_in *in, bool *v, const char *field);
/* A 16-bit count or length, at most `bound`. */
int sila_get_count(struct sila_in *in, uint32_t bound, uint16_t *n, const char *field);
int sila_get_bytes(struct sila_in *in, void *dst, uint32_t n, const char *field);
/* n bytes that must be well-formed UTF-8. */
int sila_get_utf8(struct sila_in *in, char *dst, uint32_t n, const char *field);
/* The next capability of the message, of `type` and with at least `rights`. */
int sila_get_cap(struct sila_in *in, uint32_t type, uint32_t rights, struct sila_cap *c,
		 const char *field);
/* The record ends here: no bytes and no capabilities left over. */
int sila_in_end(struct sila_in *in);

void sila_out_start(struct sila_out *out, struct sila_msg *m);
int sila_put(struct sila_out *out, unsigned width, uint64_t v);
int sila_put_bytes(struct sila_out *out, const void *src, uint32_t n);
int sila_put_cap(struct sila_out *out, const struct sila_cap *c);
/* Sets m->len and m->ncaps. */
void sila_out_end(struct sila_out *out, struct sila_msg *m);

bool sila_utf8_valid(const uint8_t *s, uint32_t n);

/* Each package's records, for code that handles any of them (tests, fuzzing):
 * the generated sila_PKG_codecs[] lists them. */
struct sila_codec {
	const char *name; /* "package.Record" */
	size_t size;      /* of its C struct */
	int (*decode)(void *v, const struct sila_msg *m, struct sila_where *where);
	int (*encode)(const void *v, struct sila_msg *m);
};

/* ---- protocols: the order of messages on one channel ------------------ */

enum sila_kind {
	SILA_CALL,  /* client -> server, answered by a reply */
	SILA_SEND,  /* client -> server, one way */
	SILA_EVENT, /* server -> client, one way */
};

#define SILA_NO_STATE 0xFF

struct sila_message_info {
	const char *name;
	uint32_t label;
	uint8_t kind;     /* enum sila_kind */
	uint32_t nerrors; /* calls: the codes an error reply may carry */
	const uint32_t *errors;
};

struct sila_protocol {
	const char *name; /* "package.Protocol" */
	uint32_t version;
	uint8_t nstates, nmessages, initial;
	const char *const *state_names;
	const uint8_t *terminal;                  /* [state]: 1 if terminal */
	const struct sila_message_info *messages; /* [message] */
	/* [state * nmessages + message]: the state after the message (after a
	 * successful reply for calls), or SILA_NO_STATE if not allowed. */
	const uint8_t *next;
	const uint8_t *next_error; /* calls: the state after an error reply */
};

/*
 * One side's view of one channel. Client and server each keep one and call
 * the same functions: the client before it sends a request and when the
 * reply or an event arrives, the server when a request arrives and before
 * it replies or sends an event. A refused message changes nothing.
 */
struct sila_chan {
	const struct sila_protocol *proto;
	uint8_t state;
	uint8_t pending; /* index + 1 of the call awaiting its reply, or 0 */
};

void sila_chan_init(struct sila_chan *c, const struct sila_protocol *p);
/* The message index of a label, or -1. */
int sila_message_index(const struct sila_protocol *p, uint32_t label);
/* A call or send: SILA_E_LABEL if no such request, SILA_E_ORDER if a call
 * is pending or the state does not allow it. */
int sila_chan_request(struct sila_chan *c, uint32_t label);
/* The reply to the pending call: label 0 is success, any other one of the
 * call's error codes (SILA_E_LABEL otherwise); SILA_E_ORDER if no call is
 * pending. */
int sila_chan_reply(struct sila_chan *c, uint32_t label);
/* An event from server to client (never while a call is pending). */
int sila_chan_event(struct sila_chan *c, uint32_t label);
bool sila_chan_done(const struct sila_chan *c);
const char *sila_chan_state(const struct sila_chan *c);

/* ---- module contracts ------------------------------------------------- */

/* Isolation properties a module relies on (docs/sila.md). */
#define SILA_ISO_PRIVATE_MEMORY (1u << 0) /* its memory is mapped nowhere it did not share it */
#define SILA_ISO_WX             (1u << 1) /* no page is writable and executable at once */
#define SILA_ISO_NO_AMBIENT     (1u << 2) /* it reaches nothing but through its capabilities */
#define SILA_ISO_MEMORY_QUOTA   (1u << 3) /* its account's limits are enforced */
#define SILA_ISO_CPU_BUDGET     (1u << 4) /* its CPU budget is enforced (not yet: priorities only) */
#define SILA_ISO_DMA            (1u << 5) /* devices reach only its DMA memory (not yet: no IOMMU) */
/* What the kernel enforces today. */
#define SILA_ISO_ENFORCED                                                                          \
	(SILA_ISO_PRIVATE_MEMORY | SILA_ISO_WX | SILA_ISO_NO_AMBIENT | SILA_ISO_MEMORY_QUOTA)

struct sila_requirement {
	const char *name;
	uint32_t type;                     /* SKY_OBJ_* */
	uint32_t rights;                   /* at least these */
	const struct sila_protocol *proto; /* endpoints: the protocol spoken on it, or NULL */
};

struct sila_contract {
	const char *name;
	/* Capabilities the module is given, in this order: first what it
	 * requires, then an endpoint (READ) for each protocol it provides. */
	const struct sila_requirement *requires;
	uint32_t nrequires;
	const struct sila_requirement *provides;
	uint32_t nprovides;
	uint64_t memory_bytes, kmem_bytes;
	uint32_t threads, caps, cpu_percent;
	uint32_t isolation; /* SILA_ISO_* */
};

/* Do the capabilities `given` (nrequires + nprovides, in order) meet the
 * contract? 0, or SILA_E_CAPS / SILA_E_CAP_TYPE / SILA_E_CAP_RIGHTS with the
 * index of the first that does not in *bad. */
int sila_contract_check(const struct sila_contract *c, const struct sila_cap *given, uint32_t n,
			uint32_t *bad);

#endif
