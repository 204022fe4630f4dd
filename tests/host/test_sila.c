/*
 * test_sila — the C that silac generated from sila/ (build/sila) with
 * lib/sila: exact wire bytes, encode -> decode identity (by hand and for
 * random valid messages of every record), a refusal with the right status,
 * offset and field for every kind of bad input, the encoders' own checks,
 * the channel checker against the block protocol's state machine, and
 * module contracts.
 *
 *   test_sila [ANY]          run the cases
 *   test_sila --seeds DIR    write one valid message per record to DIR, in
 *                            fuzz_sila's input form, and exit
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sila_block.h"
#include "sila_containers.h"
#include "sila_fs.h"
#include "sila_fuzz_input.h"
#include "sila_modmgr.h"
#include "sila_packages.h"
#include "sila_storage.h"
#include "sila_synth.h"

static uint8_t data[SYNTH_DATA_MAX], data2[SYNTH_DATA_MAX];

static struct sila_msg out_msg(void)
{
	struct sila_msg m;
	memset(&m, 0, sizeof m);
	m.data = data;
	m.space = sizeof data;
	return m;
}

static void set_str(uint16_t *len, char *dst, const char *s)
{
	*len = (uint16_t)strlen(s);
	memcpy(dst, s, *len);
}
#define SET_STR(f, s) set_str(&(f).len, (f).data, s)

/* block.Extent is three little-endian integers, packed. */
static void wire_bytes(void)
{
	struct block_extent x;
	memset(&x, 0, sizeof x);
	x.sector = 0x0102030405060708ull;
	x.sectors = 0x0A0B0C0D;
	x.buffer_offset = 0x1000;
	struct sila_msg m = out_msg();
	static const uint8_t want[20] = { 8,    7,    6, 5,    4, 3, 2, 1, 0x0D, 0x0C,
					  0x0B, 0x0A, 0, 0x10, 0, 0, 0, 0, 0,    0 };
	EXPECT(block_extent_encode(&x, &m) == 0);
	EXPECT(m.len == 20 && m.len == BLOCK_EXTENT_MIN && m.len == BLOCK_EXTENT_MAX);
	EXPECT(m.ncaps == 0);
	EXPECT(!memcmp(data, want, sizeof want));
	/* A string: its 16-bit length, then its bytes; an absent optional: one 0. */
	struct storage_fault_event f;
	memset(&f, 0, sizeof f);
	f.kind = STORAGE_FAULT_KIND_MEDIA;
	f.severity = STORAGE_SEVERITY_FAILED;
	SET_STR(f.detail, "ab");
	EXPECT(storage_fault_event_encode(&f, &m) == 0);
	EXPECT(m.len == STORAGE_FAULT_EVENT_MIN + 2);
	EXPECT(data[4] == 1 && data[5] == 2 && data[6] == 0);
	EXPECT(data[m.len - 4] == 2 && data[m.len - 3] == 0 && data[m.len - 2] == 'a');
}

/* Encode, decode into a fresh value, compare, re-encode, compare bytes. */
static int round_trip(const struct sila_codec *c, const void *v)
{
	struct sila_msg m = out_msg();
	if (c->encode(v, &m))
		return -1;
	void *back = calloc(1, c->size);
	struct sila_where w;
	int r = c->decode(back, &m, &w);
	if (!r)
		r = memcmp(v, back, c->size) ? -2 : 0;
	free(back);
	return r;
}

static const struct sila_codec *codec(const char *name)
{
	for (uint32_t i = 0; sila_codec_at(i); i++)
		if (!strcmp(sila_codec_at(i)->name, name))
			return sila_codec_at(i);
	return NULL;
}

static void identity_by_hand(void)
{
	struct block_device_info info;
	memset(&info, 0, sizeof info);
	info.sector_size = 512;
	info.sectors = 1u << 20;
	info.max_transfer = 1u << 16;
	info.queue_depth = 128;
	info.read_only = true;
	SET_STR(info.model, "virtio-blk \xC3\xA9t\xC3\xA9"); /* UTF-8 */
	SET_STR(info.serial, "SKY0001");
	EXPECT(round_trip(codec("block.DeviceInfo"), &info) == 0);

	struct block_batch_request batch;
	memset(&batch, 0, sizeof batch);
	batch.entries.count = 64;
	for (int i = 0; i < 64; i++) {
		batch.entries.items[i].op = (uint8_t)(i % 3);
		batch.entries.items[i].flags = BLOCK_REQUEST_FLAGS_FUA;
		batch.entries.items[i].tag = (uint32_t)i * 7;
		batch.entries.items[i].extent.sector = (uint64_t)i << 3;
		batch.entries.items[i].extent.sectors = 8;
	}
	EXPECT(round_trip(codec("block.BatchRequest"), &batch) == 0);

	/* A manifest-like record: strings, a version, capability requirements. */
	struct modmgr_module_info mi;
	memset(&mi, 0, sizeof mi);
	SET_STR(mi.name, "virtio_blk");
	mi.version = (struct modmgr_version){ 1, 2, 3 };
	memset(mi.image_hash, 0xAB, sizeof mi.image_hash);
	mi.requires.count = 2;
	SET_STR(mi.requires.items[0].name, "dma");
	mi.requires.items[0].object = MODMGR_OBJECT_TYPE_MEMORY;
	mi.requires.items[0].rights = MODMGR_RIGHTS_READ | MODMGR_RIGHTS_WRITE | MODMGR_RIGHTS_PHYS;
	SET_STR(mi.requires.items[1].name, "faults");
	mi.requires.items[1].object = MODMGR_OBJECT_TYPE_ENDPOINT;
	mi.requires.items[1].rights = MODMGR_RIGHTS_WRITE;
	mi.requires.items[1].protocol.present = true;
	SET_STR(mi.requires.items[1].protocol.value, "storage.Reports");
	EXPECT(round_trip(codec("modmgr.ModuleInfo"), &mi) == 0);

	/* Capabilities travel in the slots, in field order. */
	struct modmgr_start_request sr;
	memset(&sr, 0, sizeof sr);
	sr.module = 7;
	SET_STR(sr.arguments, "-v");
	sr.account = (struct sila_cap){ 40, SKY_OBJ_ACCOUNT, SKY_RIGHT_WRITE };
	sr.faults.present = true;
	sr.faults.value = (struct sila_cap){ 41, SKY_OBJ_ENDPOINT, SKY_RIGHTS_ALL };
	struct sila_msg m = out_msg();
	EXPECT(modmgr_start_request_encode(&sr, &m) == 0);
	EXPECT(m.ncaps == 2 && m.caps[0].slot == 40 && m.caps[1].slot == 41);
	EXPECT(round_trip(codec("modmgr.StartRequest"), &sr) == 0);
}

/* Random valid messages of every record: decode(encode(v)) == v and
 * encode(decode(bytes)) == bytes. */
static void identity_every_record(void)
{
	struct synth_rng r = { 0x5EED5EED12345ull };
	uint32_t n = sila_codec_count();
	EXPECT(n > 40);
	for (uint32_t i = 0; i < n; i++) {
		const struct sila_codec *c = sila_codec_at(i);
		void *v = calloc(1, c->size), *w = calloc(1, c->size);
		for (int k = 0; k < 40; k++) {
			struct sila_msg m = out_msg(), again = out_msg();
			if (synth_message(c, &r, &m, v)) {
				printf("FAIL sila/identity: no valid message found for %s\n",
				       c->name);
				case_failed = 1;
				break;
			}
			again.data = data2;
			again.space = sizeof data2;
			EXPECT(c->encode(v, &again) == 0);
			EXPECT(again.len == m.len && !memcmp(data, data2, m.len));
			EXPECT(again.ncaps == m.ncaps);
			for (uint32_t j = 0; j < m.ncaps && j < again.ncaps; j++)
				EXPECT(!memcmp(&m.caps[j], &again.caps[j], sizeof m.caps[j]));
			EXPECT(c->decode(w, &again, NULL) == 0 && !memcmp(v, w, c->size));
		}
		free(v);
		free(w);
	}
}

/* Decode m as block.DeviceInfo: expect status e at offset `at`, field f,
 * and a zeroed value. */
static void refused(struct sila_msg *m, int e, uint32_t at, const char *f)
{
	struct block_device_info v;
	struct sila_where w = { 999, "none" };
	memset(&v, 0x55, sizeof v);
	int r = block_device_info_decode(&v, m, &w);
	EXPECT(r == -e);
	EXPECT(w.offset == at);
	EXPECT(f ? w.field && !strcmp(w.field, f) : !w.field);
	static const struct block_device_info zero;
	EXPECT(e == 0 || !memcmp(&v, &zero, sizeof v));
	if (r != -e)
		printf("    got %s at %u (%s)\n", sila_status_name(r), w.offset,
		       w.field ? w.field : "-");
}

static void refusals(void)
{
	struct block_device_info info;
	memset(&info, 0, sizeof info);
	info.sector_size = 512;
	SET_STR(info.model, "m");
	SET_STR(info.serial, "s");
	struct sila_msg m = out_msg();
	EXPECT(block_device_info_encode(&info, &m) == 0);
	uint32_t len = m.len; /* 19 fixed bytes, "m" at 19..21, "s" at 22..24 */
	EXPECT(len == 25);

	m.len = 10;
	refused(&m, SILA_E_SHORT, 4, "DeviceInfo.sectors");
	m.len = 20;
	refused(&m, SILA_E_SHORT, 19, "DeviceInfo.model");
	m.len = len + 1;
	refused(&m, SILA_E_TRAILING, len, NULL);
	m.len = len;
	data[18] = 2;
	refused(&m, SILA_E_BOOL, 18, "DeviceInfo.read_only");
	data[18] = 0;
	data[19] = 41; /* model: string[..40] */
	refused(&m, SILA_E_BOUND, 19, "DeviceInfo.model");
	data[19] = 1;
	data[21] = 0xC0; /* an overlong encoding */
	refused(&m, SILA_E_UTF8, 21, "DeviceInfo.model");
	data[21] = 'm';
	data[24] = 0xED; /* a surrogate half, cut short */
	refused(&m, SILA_E_UTF8, 24, "DeviceInfo.serial");
	data[24] = 's';
	m.ncaps = 1;
	m.caps[0] = (struct sila_cap){ 5, SKY_OBJ_MEMORY, SKY_RIGHTS_ALL };
	refused(&m, SILA_E_CAPS, len, NULL);
	m.ncaps = 200; /* nonsense from a caller must not be trusted either */
	refused(&m, SILA_E_CAPS, len, NULL);
	m.ncaps = 0;
	refused(&m, 0, 999, "none");

	/* Enums, bits and optionals: a batch entry, a batch result. */
	struct block_batch_request b;
	memset(&b, 0, sizeof b);
	b.entries.count = 1;
	EXPECT(block_batch_request_encode(&b, &m) == 0);
	struct sila_where w;
	data[2] = 3; /* op: READ, WRITE, FLUSH */
	EXPECT(block_batch_request_decode(&b, &m, &w) == -SILA_E_ENUM && w.offset == 2);
	data[2] = 2;
	data[3] = 4; /* flags: FUA | META only */
	EXPECT(block_batch_request_decode(&b, &m, &w) == -SILA_E_RESERVED && w.offset == 3);
	data[3] = 3;
	EXPECT(block_batch_request_decode(&b, &m, &w) == 0 && b.entries.items[0].flags == 3);
	data[0] = 65; /* entries[..64] */
	EXPECT(block_batch_request_decode(&b, &m, &w) == -SILA_E_BOUND && w.offset == 0);
	struct block_batch_result res = { 1, { true, 99 } };
	EXPECT(block_batch_result_encode(&res, &m) == -SILA_E_ENUM); /* no BlockError 99 */
	res.error.value = BLOCK_BLOCK_ERROR_IO;
	EXPECT(block_batch_result_encode(&res, &m) == 0 && m.len == 7);
	data[4] = 2;
	EXPECT(block_batch_result_decode(&res, &m, &w) == -SILA_E_OPTIONAL && w.offset == 4);
	data[4] = 0;
	EXPECT(block_batch_result_decode(&res, &m, &w) == -SILA_E_TRAILING && w.offset == 5);
}

static void capability_checks(void)
{
	struct block_attach_request a;
	memset(&a, 0, sizeof a);
	a.buffer.slot = 40;
	a.faults.slot = 41;
	struct sila_msg m = out_msg();
	EXPECT(block_device_encode_attach(&a, &m) == 0);
	EXPECT(m.len == 0 && m.ncaps == 2 && m.label == BLOCK_DEVICE_LABEL_ATTACH);
	m.caps[0] = (struct sila_cap){ 40, SKY_OBJ_MEMORY, SKY_RIGHT_READ | SKY_RIGHT_WRITE };
	m.caps[1] = (struct sila_cap){ 41, SKY_OBJ_NOTIFICATION, SKY_RIGHT_WRITE };
	struct sila_where w;
	EXPECT(block_device_decode_attach(&a, &m, &w) == 0 && a.faults.slot == 41);
	m.caps[0].rights = SKY_RIGHT_READ; /* the driver must be able to write it */
	EXPECT(block_device_decode_attach(&a, &m, &w) == -SILA_E_CAP_RIGHTS);
	EXPECT(!strcmp(w.field, "AttachRequest.buffer") && a.buffer.slot == 0);
	m.caps[0].rights = SKY_RIGHTS_ALL;
	m.caps[1].type = SKY_OBJ_ENDPOINT;
	EXPECT(block_device_decode_attach(&a, &m, &w) == -SILA_E_CAP_TYPE);
	EXPECT(!strcmp(w.field, "AttachRequest.faults"));
	m.caps[1].type = SKY_OBJ_NOTIFICATION;
	m.ncaps = 1;
	EXPECT(block_device_decode_attach(&a, &m, &w) == -SILA_E_CAPS);
	m.ncaps = 2;
	m.label = BLOCK_DEVICE_LABEL_READ;
	EXPECT(block_device_decode_attach(&a, &m, &w) == -SILA_E_LABEL);
	/* A message without data refuses data and capabilities. */
	EXPECT(block_device_encode_flush(&m) == 0 && m.len == 0);
	EXPECT(block_device_decode_flush(&m, &w) == 0);
	m.len = 1;
	EXPECT(block_device_decode_flush(&m, &w) == -SILA_E_TRAILING);
	m.len = 0;
	m.ncaps = 1;
	EXPECT(block_device_decode_flush(&m, &w) == -SILA_E_CAPS);
}

static void replies(void)
{
	struct sila_msg m = out_msg();
	struct block_transfer_reply t = { 8 };
	uint32_t err = 77;
	EXPECT(block_device_encode_read_reply(&t, &m) == 0 && m.label == 0);
	t.sectors = 0;
	EXPECT(block_device_decode_read_reply(&t, &err, &m, NULL) == 0 && err == 0 &&
	       t.sectors == 8);
	EXPECT(block_device_encode_read_error(BLOCK_BLOCK_ERROR_RANGE, &m) == 0);
	EXPECT(m.label == BLOCK_BLOCK_ERROR_RANGE && m.len == 0);
	EXPECT(block_device_decode_read_reply(&t, &err, &m, NULL) == 0 &&
	       err == BLOCK_BLOCK_ERROR_RANGE);
	EXPECT(block_device_encode_read_error(0, &m) == -SILA_E_ENUM);
	EXPECT(block_device_encode_read_error(99, &m) == -SILA_E_ENUM);
	m.label = 99; /* no such BlockError */
	EXPECT(block_device_decode_read_reply(&t, &err, &m, NULL) == -SILA_E_LABEL);
	m.label = 1; /* detach has no errors at all */
	EXPECT(block_device_decode_detach_reply(&err, &m, NULL) == -SILA_E_LABEL);
}

static void encoder_checks(void)
{
	struct sila_msg m = out_msg();
	struct block_device_info info;
	memset(&info, 0, sizeof info);
	info.model.len = 41;
	EXPECT(block_device_info_encode(&info, &m) == -SILA_E_BOUND);
	SET_STR(info.model, "\xFF");
	EXPECT(block_device_info_encode(&info, &m) == -SILA_E_UTF8);
	SET_STR(info.model, "ok");
	m.space = 20; /* the model's bytes do not fit */
	EXPECT(block_device_info_encode(&info, &m) == -SILA_E_SPACE);
	m.space = sizeof data;
	struct block_read_request rr;
	memset(&rr, 0, sizeof rr);
	rr.flags = 0x80;
	EXPECT(block_device_encode_read(&rr, &m) == -SILA_E_RESERVED);
	struct block_batch_request b;
	memset(&b, 0, sizeof b);
	b.entries.count = 65;
	EXPECT(block_batch_request_encode(&b, &m) == -SILA_E_BOUND);
	b.entries.count = 1;
	b.entries.items[0].op = 9;
	EXPECT(block_batch_request_encode(&b, &m) == -SILA_E_ENUM);
}

/* The block protocol: detached -> attached -> closed. */
static void channel(void)
{
	struct sila_chan c;
	sila_chan_init(&c, &block_device_protocol);
	EXPECT(!strcmp(sila_chan_state(&c), "detached") && !sila_chan_done(&c));
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_READ) == -SILA_E_ORDER);
	EXPECT(sila_chan_reply(&c, 0) == -SILA_E_ORDER); /* nothing pending */
	EXPECT(sila_chan_request(&c, 12345) == -SILA_E_LABEL);
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_FAULT) == -SILA_E_LABEL); /* an event */
	EXPECT(sila_chan_event(&c, BLOCK_DEVICE_LABEL_FAULT) == -SILA_E_ORDER);
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_ATTACH) == 0);
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_INFO) == -SILA_E_ORDER); /* one at a time */
	EXPECT(sila_chan_event(&c, BLOCK_DEVICE_LABEL_FAULT) == -SILA_E_ORDER);
	EXPECT(sila_chan_reply(&c, 99) == -SILA_E_LABEL);
	EXPECT(sila_chan_reply(&c, BLOCK_BLOCK_ERROR_BUFFER) == 0);
	EXPECT(!strcmp(sila_chan_state(&c), "detached"));
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_ATTACH) == 0);
	EXPECT(sila_chan_reply(&c, 0) == 0 && !strcmp(sila_chan_state(&c), "attached"));
	EXPECT(sila_chan_event(&c, BLOCK_DEVICE_LABEL_FAULT) == 0);
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_BATCH) == 0);
	EXPECT(sila_chan_reply(&c, BLOCK_BLOCK_ERROR_BUSY) == 0);
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_DETACH) == 0);
	EXPECT(sila_chan_reply(&c, BLOCK_BLOCK_ERROR_IO) == -SILA_E_LABEL); /* detach: no errors */
	EXPECT(sila_chan_reply(&c, 0) == 0 && sila_chan_done(&c));
	EXPECT(sila_chan_request(&c, BLOCK_DEVICE_LABEL_INFO) == -SILA_E_ORDER);
	EXPECT(!strcmp(sila_chan_state(&c), "closed"));

	/* The container lifecycle: remove only from created or stopped. */
	sila_chan_init(&c, &containers_container_protocol);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_FREEZE) == -SILA_E_ORDER);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_START) == 0);
	EXPECT(sila_chan_reply(&c, 0) == 0);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_REMOVE) == -SILA_E_ORDER);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_FREEZE) == 0);
	EXPECT(sila_chan_reply(&c, 0) == 0 && !strcmp(sila_chan_state(&c), "frozen"));
	EXPECT(sila_chan_event(&c, CONTAINERS_CONTAINER_LABEL_EXITED) == 0);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_STOP) == 0);
	EXPECT(sila_chan_reply(&c, 0) == 0);
	EXPECT(sila_chan_request(&c, CONTAINERS_CONTAINER_LABEL_REMOVE) == 0);
	EXPECT(sila_chan_reply(&c, 0) == 0 && sila_chan_done(&c));
}

static void contracts(void)
{
	const struct sila_contract *k = &block_virtio_blk_contract;
	EXPECT(k->nrequires == 5 && k->nprovides == 1);
	EXPECT(k->provides[0].proto == &block_device_protocol);
	EXPECT(k->requires[4].proto == &storage_reports_protocol);
	EXPECT(k->memory_bytes == 2u << 20 && k->threads == 2);
	struct sila_cap given[6] = {
		{ 4, SKY_OBJ_IOPORT, SKY_RIGHT_READ | SKY_RIGHT_WRITE },
		{ 5, SKY_OBJ_NOTIFICATION, SKY_RIGHT_READ },
		{ 6, SKY_OBJ_IRQ, SKY_RIGHT_CONTROL },
		{ 7, SKY_OBJ_MEMORY, SKY_RIGHT_READ | SKY_RIGHT_WRITE | SKY_RIGHT_PHYS },
		{ 8, SKY_OBJ_ENDPOINT, SKY_RIGHT_WRITE | SKY_RIGHT_GRANT },
		{ 9, SKY_OBJ_ENDPOINT, SKY_RIGHT_READ },
	};
	uint32_t bad = 99;
	EXPECT(sila_contract_check(k, given, 6, &bad) == 0);
	EXPECT(sila_contract_check(k, given, 5, &bad) == -SILA_E_CAPS && bad == 5);
	given[3].rights = SKY_RIGHT_READ | SKY_RIGHT_WRITE; /* no PHYS: no DMA addresses */
	EXPECT(sila_contract_check(k, given, 6, &bad) == -SILA_E_CAP_RIGHTS && bad == 3);
	given[3].rights |= SKY_RIGHT_PHYS;
	given[5].type = SKY_OBJ_NOTIFICATION;
	EXPECT(sila_contract_check(k, given, 6, &bad) == -SILA_E_CAP_TYPE && bad == 5);
	EXPECT(fs_skyaifs_contract.nprovides == 2 &&
	       fs_skyaifs_contract.provides[1].proto == &fs_fs_protocol);
	EXPECT(containers_container_manager_contract.isolation & SILA_ISO_CPU_BUDGET);
}

/* The tables describe themselves consistently: every label is found, every
 * next state exists. */
static void tables(void)
{
	for (uint32_t p = 0; p < SILA_NPACKAGES; p++)
		for (uint32_t i = 0; i < sila_packages[p].nprotocols; i++) {
			const struct sila_protocol *pr = sila_packages[p].protocols[i];
			EXPECT(pr->initial < pr->nstates &&
			       pr->version == sila_packages[p].version);
			for (int k = 0; k < pr->nmessages; k++) {
				EXPECT(sila_message_index(pr, pr->messages[k].label) == k);
				EXPECT(pr->messages[k].label &&
				       pr->messages[k].label < 0x7FFF0000u);
			}
			for (int s = 0; s < pr->nstates * pr->nmessages; s++)
				EXPECT((pr->next[s] < pr->nstates ||
					pr->next[s] == SILA_NO_STATE) &&
				       (pr->next_error[s] < pr->nstates ||
					pr->next_error[s] == SILA_NO_STATE));
		}
}

static int write_seeds(const char *dir)
{
	struct synth_rng r = { 0xF0221DA7Aull };
	static uint8_t v[1 << 20];
	for (uint32_t i = 0; i < sila_codec_count(); i++) {
		const struct sila_codec *c = sila_codec_at(i);
		struct sila_msg m = out_msg();
		if (c->size > sizeof v || synth_message(c, &r, &m, v)) {
			fprintf(stderr, "test_sila: no valid message for %s\n", c->name);
			return 1;
		}
		char path[4096];
		snprintf(path, sizeof path, "%s/%s.bin", dir, c->name);
		FILE *f = fopen(path, "wb");
		if (!f)
			return 1;
		fputc((int)i, f);
		fputc((int)m.ncaps, f);
		for (uint32_t k = 0; k < m.ncaps; k++) {
			fputc((int)m.caps[k].type, f);
			fputc((int)m.caps[k].rights, f);
		}
		fwrite(data, 1, m.len, f);
		if (fclose(f))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--seeds"))
		return write_seeds(argv[2]);
	RUN("sila", wire_bytes);
	RUN("sila", identity_by_hand);
	RUN("sila", identity_every_record);
	RUN("sila", refusals);
	RUN("sila", capability_checks);
	RUN("sila", replies);
	RUN("sila", encoder_checks);
	RUN("sila", channel);
	RUN("sila", contracts);
	RUN("sila", tables);
	return cases_failed != 0;
}
