/*
 * h_echo — an IPC server for the IPC tests. Receives on the endpoint in
 * slot 4 and answers every call according to its label:
 *   1 echo:   words + 1 each, data bytes reversed, same length
 *   2 caps:   reports in w0..w3 the type of each capability received (0 if none)
 *             and deletes them
 *   3 exit:   replies, then exits 0
 *   4 ignore: never replies: keeps that call's reply object bound and
 *             receives further calls on a fresh one
 *   5 die:    exits without replying
 * Sends (not calls) are counted; label 6 (a call) answers the count in w0.
 *   7 badge:  answers the caller's badge in w0, its w1 in w1, and echoes the data
 */
#include "rt.h"

#define EP 4

int main(void)
{
	int64_t reply = object_create(SKY_OBJ_REPLY, 0, 0);
	if (reply < 0)
		return 10;
	struct sky_ipc_buffer *buf = sky_ipc_buffer();
	uint32_t recv_slots[4];
	for (int i = 0; i < 4; i++)
		buf->recv_slots[i] = recv_slots[i] = (uint32_t)slot_alloc();

	uint64_t sends = 0;
	struct sky_msg m = { 0 };
	int64_t r = sky_recv(EP, (uint32_t)reply, 0, &m);
	for (;;) {
		if (r < 0)
			return 11;
		uint64_t label = SKY_MSG_LABEL(m.info), len = SKY_MSG_LEN(m.info);
		unsigned ncaps = (unsigned)SKY_MSG_CAPS(m.info);
		switch (label) {
		case 1: {
			uint8_t tmp[SKY_MSG_DATA_MAX];
			for (uint64_t i = 0; i < len; i++)
				tmp[i] = buf->data[len - 1 - i];
			memcpy(buf->data, tmp, len);
			for (int i = 0; i < 4; i++)
				m.w[i]++;
			m.info = SKY_MSG(1, len, 0);
			break;
		}
		case 2:
			for (unsigned i = 0; i < 4; i++) {
				struct sky_cap_info ci = { 0 };
				m.w[i] = i < ncaps && sky_cap_identify(recv_slots[i], &ci) == 0
						 ? ci.type
						 : 0;
				if (i < ncaps)
					sky_cap_delete(recv_slots[i]);
			}
			m.info = SKY_MSG(2, 0, 0);
			break;
		case 3:
			m.info = SKY_MSG(3, 0, 0);
			sky_reply((uint32_t)reply, &m);
			return 0;
		case 4:
			reply = object_create(SKY_OBJ_REPLY, 0, 0);
			m.info = 0;
			r = sky_recv(EP, (uint32_t)reply, 0, &m);
			continue;
		case 5:
			return 0;
		case 6:
			m.w[0] = sends;
			m.info = SKY_MSG(6, 0, 0);
			break;
		case 7:
			m.w[0] = m.badge;
			m.info = SKY_MSG(7, len, 0);
			break;
		default:
			sends++;
			m.info = 0;
			r = sky_recv(EP, (uint32_t)reply, 0, &m); /* a send: no reply */
			continue;
		}
		r = sky_reply_recv(EP, (uint32_t)reply, &m);
	}
}
