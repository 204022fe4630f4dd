/*
 * silac — the SILA interface compiler (docs/sila.md).
 *
 *   silac FILE.sila... -o OUTDIR    check, then write sila_PKG.{h,c} and
 *                                   PKG_PROTOCOL.pml per package, and
 *                                   sila_packages.{h,c} listing them all
 *   silac --check FILE.sila...      check only
 *
 * All files are read and checked together (a package may name another's
 * declarations as pkg.Name); diagnostics go to stderr as
 * "file:line:column: message" and nothing is written if there is any.
 * Outputs that would not change are not rewritten.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/file.h"
#include "silac/silac.h"

#define SOURCE_LIMIT (16u << 20)

static const char usage[] = "usage: silac FILE.sila... -o OUTDIR\n"
			    "       silac --check FILE.sila...\n"
			    "Exit status: 0 done, 1 the files break a rule (diagnosed on stderr),\n"
			    "2 usage or I/O error.\n";

int diag_errors;

/* The kernel's object type and right names (include/sky/cap.h), as .sila
 * files write them; the index is the SKY_OBJ_ number / the right's bit. */
const char *const obj_names[] = { "none",   "account",  "aspace",       "cspace", "thread",
				  "memory", "endpoint", "notification", "reply",  "irq",
				  "ioport", "timer",    "irq_control",  "bootfs", NULL };
const char *const right_names[] = { "read", "write", "exec", "grant", "phys", "control", NULL };

void diag(struct pos at, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d:%d: ", at.file, at.line, at.col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	diag_errors++;
}

static _Noreturn void out_of_memory(void)
{
	fprintf(stderr, "silac: out of memory\n");
	exit(2);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		out_of_memory();
	return d;
}

char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = xcalloc(1, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int write_output(const char *outdir, const char *name, const struct buf *b)
{
	char *path = xprintf("%s/%s", outdir, name);
	size_t size;
	const char *why;
	uint8_t *old = file_read(path, &size, SOURCE_LIMIT, &why);
	int r = 0;
	if (!old || size != b->len || memcmp(old, b->s, size)) {
		r = file_write(path, b->s ? b->s : "", b->len, 0644);
		if (r)
			fprintf(stderr, "silac: cannot write %s: %s\n", path, strerror(errno));
	}
	free(old);
	free(path);
	return r;
}

/* Names: "ReadRequest" -> "read_request", "FSError" -> "fs_error". Returns
 * one of a few rotating static buffers. */
char *snake(const char *name)
{
	static char bufs[4][256];
	static int k;
	char *out = bufs[k++ % 4];
	size_t n = 0;
	for (size_t i = 0; name[i] && n + 2 < sizeof bufs[0]; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isupper(c) && i > 0) {
			unsigned char prev = (unsigned char)name[i - 1];
			unsigned char nx = (unsigned char)name[i + 1];
			if (islower(prev) || isdigit(prev) || (isupper(prev) && islower(nx)))
				out[n++] = '_';
		}
		out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
	return out;
}

char *upper(const char *s)
{
	char *u = xstrdup(s);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

int main(int argc, char **argv)
{
	const char *outdir = NULL;
	bool check_only = false;
	char **files = xcalloc((size_t)argc, sizeof *files);
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			outdir = argv[++i];
		} else if (!strcmp(argv[i], "--check")) {
			check_only = true;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "silac: unknown option '%s'\n%s", argv[i], usage);
			return 2;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!nfiles || (!outdir && !check_only)) {
		fputs(usage, stderr);
		return 2;
	}
	struct program prog = { 0 };
	for (int i = 0; i < nfiles; i++) {
		size_t size;
		const char *why;
		char *text = (char *)file_read(files[i], &size, SOURCE_LIMIT, &why);
		if (!text) {
			fprintf(stderr, "silac: cannot read '%s': %s\n", files[i], why);
			return 2;
		}
		if (strlen(text) != size) {
			diag((struct pos){ files[i], 1, 1 }, "the file contains a NUL byte");
			continue;
		}
		int ntok;
		struct token *toks = lex(files[i], text, &ntok);
		struct package *pkg = parse(toks, ntok, files[i]);
		if (pkg)
			PUSH(prog.pkgs, prog.npkgs, pkg);
	}
	if (!diag_errors)
		check(&prog);
	if (diag_errors) {
		fprintf(stderr, "silac: %d error%s\n", diag_errors, diag_errors == 1 ? "" : "s");
		return 1;
	}
	if (check_only)
		return 0;
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		fprintf(stderr, "silac: cannot make %s: %s\n", outdir, strerror(errno));
		return 2;
	}
	for (int i = 0; i < prog.npkgs; i++)
		if (gen_c(prog.pkgs[i], outdir) || gen_pml(prog.pkgs[i], outdir))
			return 2;
	return gen_index(&prog, outdir) ? 2 : 0;
}
