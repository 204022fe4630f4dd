/*
 * error.h — the closed set of error codes shared by kernel, user space and
 * host tools. A system call returns a value >= 0 on success and the negated
 * code on failure; host tools return the code itself. Each code has one
 * meaning, written next to it; sky_error_name() gives its printable name.
 * Plain macros so that assembly can use them too.
 */
#ifndef SKY_ERROR_H
#define SKY_ERROR_H

#define SKY_OK         0
#define SKY_E_INVAL    1  /* an argument is outside its documented range */
#define SKY_E_FAULT    2  /* a user pointer does not name accessible user memory */
#define SKY_E_ALIGN    3  /* a pointer is not aligned as the call requires */
#define SKY_E_NOSYS    4  /* no system call has this number */
#define SKY_E_NOMEM    5  /* out of physical frames or kernel memory */
#define SKY_E_NOENT    6  /* no boot file has this name */
#define SKY_E_CORRUPT  7  /* untrusted bytes (ELF, bundle) are malformed */
#define SKY_E_CHILD    8  /* no child process has this id */
#define SKY_E_PERM     9  /* the caller may not do this (e.g. raise a priority) */
#define SKY_E_LIMIT    10 /* a fixed system limit is reached (process count) */
#define SKY_E_SLOT     11 /* the slot number is outside the capability space */
#define SKY_E_EMPTY    12 /* the slot holds no capability (never filled, deleted or revoked) */
#define SKY_E_TYPE     13 /* the capability names the wrong kind of object */
#define SKY_E_RIGHTS   14 /* the capability lacks a right the call needs */
#define SKY_E_OCCUPIED 15 /* the destination slot is not empty */
#define SKY_E_QUOTA    16 /* the resource account's limit would be exceeded */
#define SKY_E_TIMEOUT  17 /* the deadline passed first */
#define SKY_E_AGAIN    18 /* would block (non-blocking call), or more work remains */
#define SKY_E_DEAD     19 /* the peer or object is gone (endpoint destroyed, caller died) */
#define SKY_E_RANGE    20 /* an offset, length, address or port lies outside what is allowed */
#define SKY_E_EXISTS   21 /* the address range is mapped already, or the line is claimed */
#define SKY_E_COUNT    22 /* one past the last code */

#ifndef __ASSEMBLER__
/* Printable name of an error code ("SKY_E_FAULT"), or "SKY_E_?" if unknown. */
static inline const char *sky_error_name(long code)
{
	static const char *const names[SKY_E_COUNT] = {
		"SKY_OK",         "SKY_E_INVAL",  "SKY_E_FAULT",   "SKY_E_ALIGN", "SKY_E_NOSYS",
		"SKY_E_NOMEM",    "SKY_E_NOENT",  "SKY_E_CORRUPT", "SKY_E_CHILD", "SKY_E_PERM",
		"SKY_E_LIMIT",    "SKY_E_SLOT",   "SKY_E_EMPTY",   "SKY_E_TYPE",  "SKY_E_RIGHTS",
		"SKY_E_OCCUPIED", "SKY_E_QUOTA",  "SKY_E_TIMEOUT", "SKY_E_AGAIN", "SKY_E_DEAD",
		"SKY_E_RANGE",    "SKY_E_EXISTS",
	};
	if (code < 0)
		code = -code;
	return code < SKY_E_COUNT ? names[code] : "SKY_E_?";
}

#endif /* __ASSEMBLER__ */

#endif
