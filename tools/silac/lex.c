/*
 * lex.c — characters into tokens. Identifiers, numbers (decimal or 0x hex,
 * at most 2^64 - 1), the punctuation of the grammar (docs/sila.md) and
 * comments from '#' to the end of the line. The comment lines directly above
 * a token (no blank line between) become its doc text, which the generated
 * headers carry along.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "silac/silac.h"

static const char *const puncts[] = { "->", "..", "{", "}", "(", ")", "[", "]", "<",
				      ">",  ";",  ":", ",", ".", "=", "|", NULL };

#define IDENT_MAX 64

struct lexer {
	const char *file, *s;
	int line, col;
	char *doc;
	size_t doclen;
};

static void advance(struct lexer *lx)
{
	if (*lx->s == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->s++;
}

static void add_doc(struct lexer *lx, const char *text, size_t n)
{
	lx->doc = xrealloc(lx->doc, lx->doclen + n + 2);
	memcpy(lx->doc + lx->doclen, text, n);
	lx->doclen += n;
	lx->doc[lx->doclen++] = '\n';
	lx->doc[lx->doclen] = '\0';
}

/* Skip space and comments, collecting the comment block right above the
 * next token. */
static void skip(struct lexer *lx)
{
	int blank_lines = 0;
	while (*lx->s) {
		if (*lx->s == '\n') {
			/* Two newlines without a comment between: a blank line. */
			if (++blank_lines > 1) {
				free(lx->doc);
				lx->doc = NULL;
				lx->doclen = 0;
			}
			advance(lx);
		} else if (*lx->s == ' ' || *lx->s == '\t' || *lx->s == '\r') {
			advance(lx);
		} else if (*lx->s == '#') {
			advance(lx);
			if (*lx->s == ' ')
				advance(lx);
			const char *start = lx->s;
			while (*lx->s && *lx->s != '\n')
				advance(lx);
			add_doc(lx, start, (size_t)(lx->s - start));
			blank_lines = 0;
		} else {
			break;
		}
	}
}

struct token *lex(const char *file, const char *text, int *count)
{
	struct lexer lx = { .file = file, .s = text, .line = 1, .col = 1 };
	struct token *toks = NULL;
	int n = 0;
	for (;;) {
		skip(&lx);
		struct token t = { .pos = { file, lx.line, lx.col } };
		if (!*lx.s) {
			t.kind = TK_EOF;
			t.text = "end of file";
			free(lx.doc);
			PUSH(toks, n, t);
			break;
		}
		t.doc = lx.doc;
		lx.doc = NULL;
		lx.doclen = 0;
		const char *start = lx.s;
		if (isalpha((unsigned char)*lx.s) || *lx.s == '_') {
			while (isalnum((unsigned char)*lx.s) || *lx.s == '_')
				advance(&lx);
			t.kind = TK_IDENT;
			t.text = xprintf("%.*s", (int)(lx.s - start), start);
			/* C names are made from it, with prefixes: keep them readable. */
			if (lx.s - start > IDENT_MAX)
				diag(t.pos, "name is longer than %d characters", IDENT_MAX);
		} else if (isdigit((unsigned char)*lx.s)) {
			unsigned base = 10;
			if (lx.s[0] == '0' && (lx.s[1] == 'x' || lx.s[1] == 'X')) {
				base = 16;
				advance(&lx);
				advance(&lx);
			}
			bool overflow = false, digits = false;
			uint64_t v = 0;
			while (isalnum((unsigned char)*lx.s) || *lx.s == '_') {
				int c = tolower((unsigned char)*lx.s), d;
				if (c == '_') {
					advance(&lx);
					continue;
				}
				d = isdigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
				if (d >= (int)base) {
					diag(t.pos, "bad digit '%c' in number", *lx.s);
					d = 0;
				}
				if (v > (UINT64_MAX - (uint64_t)d) / base)
					overflow = true;
				v = v * base + (uint64_t)d;
				digits = true;
				advance(&lx);
			}
			if (!digits)
				diag(t.pos, "number has no digits");
			if (overflow)
				diag(t.pos, "number is larger than 2^64 - 1");
			t.kind = TK_INT;
			t.value = v;
			t.text = xprintf("%.*s", (int)(lx.s - start), start);
		} else {
			int i;
			for (i = 0; puncts[i]; i++)
				if (!strncmp(lx.s, puncts[i], strlen(puncts[i])))
					break;
			if (!puncts[i]) {
				if (isprint((unsigned char)*lx.s))
					diag(t.pos, "unexpected character '%c'", *lx.s);
				else
					diag(t.pos, "unexpected byte 0x%02x",
					     (unsigned)(unsigned char)*lx.s);
				advance(&lx);
				free(t.doc);
				continue;
			}
			for (size_t k = 0; k < strlen(puncts[i]); k++)
				advance(&lx);
			t.kind = TK_PUNCT;
			t.text = (char *)puncts[i];
		}
		PUSH(toks, n, t);
	}
	*count = n;
	return toks;
}
