/*
 * bootfs.c — indexing boot modules. A module that starts with the bundle
 * magic must verify as a bundle or is refused whole (lib/bundle checks every
 * field); any other module is one file named by the last path component of
 * the loader's string for it (GRUB: `module2 /boot/hello hello`).
 */
#include "bootfs.h"

#include "arch/x86_64/paging.h"
#include "base/string.h"
#include "boot.h"
#include "log.h"
#include "object.h"
#include "sky/cap.h"
#include "sky/error.h"

#define MAX_BUNDLES BOOT_MAX_MODULES
#define MAX_LOOSE   BOOT_MAX_MODULES

struct loose_file {
	char name[SKY_BUNDLE_NAME_SIZE];
	struct bundle_file file;
};

static struct bundle bundles[MAX_BUNDLES];
static unsigned bundle_count;
static struct loose_file loose[MAX_LOOSE];
static unsigned loose_count;

/* The last '/'-separated component of the module string's first word. */
static void module_file_name(const struct boot_module *m, unsigned index, char *out)
{
	const char *s = m->name, *base = s;
	size_t n = 0;
	for (; s[n] && s[n] != ' '; n++)
		if (s[n] == '/')
			base = s + n + 1;
	size_t len = (size_t)(s + n - base);
	if (len == 0 || len >= SKY_BUNDLE_NAME_SIZE) {
		fmt_snprintf(out, SKY_BUNDLE_NAME_SIZE, "module%u", index);
		return;
	}
	memcpy(out, base, len);
	out[len] = '\0';
}

void bootfs_init(const struct boot_info *bi)
{
	if (bi->module_count == 0)
		log_warn("bootfs: the loader passed no boot modules");
	for (unsigned i = 0; i < bi->module_count; i++) {
		const struct boot_module *m = &bi->modules[i];
		const uint8_t *data = phys_to_virt(m->base);
		if (m->size >= 8 && memcmp(data, SKY_BUNDLE_MAGIC, 8) == 0) {
			const char *why;
			int where;
			struct bundle b;
			if (bundle_open(&b, data, m->size, &why, &where) < 0) {
				log_error("bootfs: module %u refused: corrupt bundle: %s (%s %d)",
					  i, why, where < 0 ? "header" : "entry", where);
				continue;
			}
			bundles[bundle_count++] = b;
			log_info("bootfs: module %u at 0x%llx: bundle of %u files, %llu bytes", i,
				 (unsigned long long)m->base, b.count, (unsigned long long)b.size);
			for (uint32_t f = 0; f < b.count; f++) {
				struct bundle_file bf = bundle_get(&b, f);
				log_debug("bootfs:   %s (%llu bytes)", bf.name,
					  (unsigned long long)bf.size);
			}
		} else {
			struct loose_file *lf = &loose[loose_count++];
			module_file_name(m, i, lf->name);
			lf->file = (struct bundle_file){ lf->name, data, m->size };
			log_info("bootfs: module %u: file '%s', %llu bytes", i, lf->name,
				 (unsigned long long)m->size);
		}
	}
}

static struct object files = { .type = SKY_OBJ_BOOTFS, .refs = 1 };

struct object *bootfs_object(void)
{
	return &files;
}

int bootfs_find(const char *name, size_t name_len, struct bundle_file *out)
{
	for (unsigned i = 0; i < bundle_count; i++)
		if (bundle_find(&bundles[i], name, name_len, out) == 0)
			return 0;
	for (unsigned i = 0; i < loose_count; i++) {
		if (strlen(loose[i].name) == name_len &&
		    memcmp(loose[i].name, name, name_len) == 0) {
			*out = loose[i].file;
			return 0;
		}
	}
	return -SKY_E_NOENT;
}
