/*
 * rfc8439.h — the plaintexts and messages of RFC 8439's examples and test
 * vectors, shared by test_chacha20, test_poly1305 and test_aead.
 */
#ifndef TESTS_HOST_RFC8439_H
#define TESTS_HOST_RFC8439_H

/* §2.4.2, §2.8.2 (114 bytes) */
static const char sunscreen[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
				"only one tip for the future, sunscreen would be it.";

/* A.2 #2, A.3 #2 and #3 (375 bytes) */
static const char ietf[] =
	"Any submission to the IETF intended by the Contributor for publication as all or part of "
	"an IETF Internet-Draft or RFC and any statement made within the context of an IETF "
	"activity is considered an \"IETF Contribution\". Such statements include oral statements "
	"in IETF sessions, as well as written and electronic communications made at any time or "
	"place, which are addressed to";

/* A.2 #3, A.3 #4 (127 bytes) */
static const char jabberwocky[] = "'Twas brillig, and the slithy toves\nDid gyre and gimble in the "
				  "wabe:\nAll mimsy were the borogoves,\nAnd the mome raths "
				  "outgrabe.";

/* A.5 (265 bytes; the quotes are UTF-8) */
static const char drafts[] =
	"Internet-Drafts are draft documents valid for a maximum of six months and may be updated, "
	"replaced, or obsoleted by other documents at any time. It is inappropriate to use "
	"Internet-Drafts as reference material or to cite them other than as "
	"/\xe2\x80\x9cwork in progress./\xe2\x80\x9d";

#endif
