/*
 * boot.c — questions about the kernel command line ("key=value" options and
 * bare flags). Words are separated by single spaces, as loaders pass them.
 */
#include "boot.h"

#include <stdbool.h>

#include "base/string.h"

static bool word_at(const char *p, const char *start, const char *word, size_t n)
{
	return (p == start || p[-1] == ' ') && strncmp(p, word, n) == 0;
}

int boot_option(const struct boot_info *bi, const char *key, char *buf, unsigned size)
{
	size_t klen = strlen(key);
	for (const char *p = bi->cmdline; *p; p++) {
		if (word_at(p, bi->cmdline, key, klen) && p[klen] == '=') {
			const char *v = p + klen + 1;
			unsigned n = 0;
			while (v[n] && v[n] != ' ' && n + 1 < size) {
				buf[n] = v[n];
				n++;
			}
			buf[n] = '\0';
			return 1;
		}
	}
	return 0;
}

int boot_flag(const struct boot_info *bi, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = bi->cmdline; *p; p++) {
		if (word_at(p, bi->cmdline, word, n) && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	}
	return 0;
}
