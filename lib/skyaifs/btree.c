/*
 * btree.c — copy-on-write B+trees of (key, value) items, the one structure
 * all SKYAIFS metadata lives in (format.h has the node layout). A change
 * copies the path from the root to the leaf it touches (node_cow), so the
 * tree on disk is never modified in place: a commit writes the copied
 * nodes bottom-up, each parent recording its children's new addresses and
 * checksums, and the uberblock finally names the new roots.
 *
 * Nodes are split on the way down when full, so an insert never has to
 * climb back up; leaves emptied by deletes leave the tree, and a leaf that
 * falls under a quarter full is merged with its right neighbour when both
 * fit in one node.
 */
#include "base/string.h"
#include "skyaifs/internal.h"

struct path {
	struct node *n[TREE_MAX_LEVELS];
	int slot[TREE_MAX_LEVELS];
	int depth;
};

static uint16_t node_count(const uint8_t *b)
{
	return ld16(b + 6);
}
static uint8_t node_level(const uint8_t *b)
{
	return b[4];
}
static void set_count(uint8_t *b, unsigned n)
{
	st16(b + 6, (uint16_t)n);
}
static uint8_t *entry(uint8_t *b, unsigned i)
{
	return b + NODE_HDR + i * INTERNAL_ENTRY;
}
static uint8_t *ihdr(uint8_t *b, unsigned i)
{
	return b + NODE_HDR + i * ITEM_HDR;
}

static void key_load(const uint8_t *p, struct key *k)
{
	k->obj = ld64(p);
	k->off = ld64(p + 8);
	k->type = p[16];
}
static void key_store(const struct key *k, uint8_t *p)
{
	memset(p, 0, KEY_SIZE);
	st64(p, k->obj);
	st64(p + 8, k->off);
	p[16] = k->type;
}

int key_cmp(const struct key *a, const struct key *b)
{
	if (a->obj != b->obj)
		return a->obj < b->obj ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return 0;
}

void key_after(struct key *k)
{
	if (++k->off == 0 && ++k->type == 0)
		k->obj++;
}

bool item_has_bp(uint8_t type)
{
	return type == KT_EXTENT || type == KT_SUBVOL;
}

/* ---- leaves ---- */

static unsigned leaf_data_start(uint8_t *b)
{
	unsigned start = SKYAIFS_BLOCK_SIZE;
	for (unsigned i = 0; i < node_count(b); i++)
		if (ld16(ihdr(b, i) + 18) < start)
			start = ld16(ihdr(b, i) + 18);
	return start;
}

static unsigned leaf_free(uint8_t *b)
{
	return leaf_data_start(b) - (NODE_HDR + node_count(b) * ITEM_HDR);
}

static void leaf_insert(uint8_t *b, unsigned i, const struct key *k, const void *val, uint16_t len)
{
	unsigned n = node_count(b);
	unsigned off = leaf_data_start(b) - len;
	memmove(ihdr(b, i + 1), ihdr(b, i), (n - i) * ITEM_HDR);
	uint8_t *h = ihdr(b, i);
	key_store(k, h);
	st16(h + 18, (uint16_t)off);
	st16(h + 20, len);
	if (len)
		memcpy(b + off, val, len);
	set_count(b, n + 1);
}

static void leaf_remove(uint8_t *b, unsigned i)
{
	unsigned n = node_count(b);
	unsigned voff = ld16(ihdr(b, i) + 18), vlen = ld16(ihdr(b, i) + 20);
	unsigned start = leaf_data_start(b);
	memmove(b + start + vlen, b + start, voff - start);
	memset(b + start, 0, vlen);
	/* values below the removed one move up; an empty value sitting at its offset moves too */
	for (unsigned j = 0; j < n; j++) {
		unsigned o = ld16(ihdr(b, j) + 18);
		if (j != i && o <= voff)
			st16(ihdr(b, j) + 18, (uint16_t)(o + vlen));
	}
	memmove(ihdr(b, i), ihdr(b, i + 1), (n - i - 1) * ITEM_HDR);
	memset(ihdr(b, n - 1), 0, ITEM_HDR);
	set_count(b, n - 1);
}

static void leaf_item(uint8_t *b, unsigned i, struct item *it)
{
	key_load(ihdr(b, i), &it->key);
	it->val = b + ld16(ihdr(b, i) + 18);
	it->len = ld16(ihdr(b, i) + 20);
}

static void node_first_key(uint8_t *b, struct key *k)
{
	key_load(node_level(b) ? entry(b, 0) : ihdr(b, 0), k);
}

/* Structural checks of a node read from disk (its checksum already held). */
int node_check(const uint8_t *b, const struct bp *bp)
{
	unsigned n = node_count(b);
	if (ld32(b) != NODE_MAGIC || node_level(b) != bp->level || node_level(b) >= TREE_MAX_LEVELS)
		return SKYAIFS_EUCLEAN;
	struct key prev, k;
	if (node_level(b)) {
		if (n == 0 || n > NODE_FANOUT)
			return SKYAIFS_EUCLEAN;
		for (unsigned i = 0; i < n; i++) {
			key_load(b + NODE_HDR + i * INTERNAL_ENTRY, &k);
			struct bp c;
			bp_load(&c, b + NODE_HDR + i * INTERNAL_ENTRY + KEY_SIZE);
			if ((i && key_cmp(&prev, &k) >= 0) || c.kind != BP_NODE ||
			    c.level + 1 != node_level(b))
				return SKYAIFS_EUCLEAN;
			prev = k;
		}
		return 0;
	}
	unsigned hdr_end = NODE_HDR + n * ITEM_HDR, total = 0, start = SKYAIFS_BLOCK_SIZE;
	if (hdr_end > SKYAIFS_BLOCK_SIZE)
		return SKYAIFS_EUCLEAN;
	uint8_t used[SKYAIFS_BLOCK_SIZE / 8] = { 0 };
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *h = b + NODE_HDR + i * ITEM_HDR;
		unsigned voff = ld16(h + 18), vlen = ld16(h + 20);
		key_load(h, &k);
		if ((i && key_cmp(&prev, &k) >= 0) || voff < hdr_end ||
		    voff + vlen > SKYAIFS_BLOCK_SIZE || vlen > VALUE_MAX ||
		    (item_has_bp(k.type) && vlen < BP_SIZE))
			return SKYAIFS_EUCLEAN;
		for (unsigned j = voff; j < voff + vlen; j++) {
			if (used[j / 8] >> (j % 8) & 1)
				return SKYAIFS_EUCLEAN;
			used[j / 8] |= (uint8_t)(1u << (j % 8));
		}
		total += vlen;
		if (voff < start)
			start = voff;
		prev = k;
	}
	return total == SKYAIFS_BLOCK_SIZE - start ? 0 : SKYAIFS_EUCLEAN;
}

/* ---- nodes in memory ---- */

static struct node *node_alloc(struct skyaifs *fs, uint8_t level)
{
	struct node *n = fs_zalloc(fs, sizeof *n);
	if (!n)
		return NULL;
	n->buf = fs_zalloc(fs, SKYAIFS_BLOCK_SIZE);
	n->child = level ? fs_zalloc(fs, NODE_FANOUT * sizeof *n->child) : NULL;
	if (!n->buf || (level && !n->child)) {
		fs_free(fs, n->buf);
		fs_free(fs, n);
		return NULL;
	}
	fs->nodes_cached++;
	return n;
}

static void node_release(struct skyaifs *fs, struct node *n)
{
	if (!n)
		return;
	if (n->child)
		for (unsigned i = 0; i < NODE_FANOUT; i++)
			node_release(fs, n->child[i]);
	if (n->dirty)
		fs->dirty_nodes--;
	fs->nodes_cached--;
	fs_free(fs, n->child);
	fs_free(fs, n->buf);
	fs_free(fs, n);
}

static struct node *node_new(struct tree *t, uint8_t level)
{
	struct node *n = node_alloc(t->fs, level);
	if (!n)
		return NULL;
	st32(n->buf, NODE_MAGIC);
	n->buf[4] = level;
	st64(n->buf + 8, t->id);
	n->dirty = true;
	t->fs->dirty_nodes++;
	return n;
}

static int node_read(struct skyaifs *fs, const struct bp *bp, struct node **out)
{
	if (bp->kind != BP_NODE || bp->level >= TREE_MAX_LEVELS)
		return SKYAIFS_EUCLEAN;
	struct node *n = node_alloc(fs, bp->level);
	if (!n)
		return SKYAIFS_ENOMEM;
	int err = block_read(fs, bp, NULL, n->buf);
	if (!err)
		err = node_check(n->buf, bp);
	if (err) {
		node_release(fs, n);
		return err;
	}
	n->ptr = *bp;
	*out = n;
	return 0;
}

static int node_child(struct skyaifs *fs, struct node *parent, unsigned slot, struct node **out)
{
	if (!parent->child[slot]) {
		struct bp bp;
		bp_load(&bp, entry(parent->buf, slot) + KEY_SIZE);
		int err = node_read(fs, &bp, &parent->child[slot]);
		if (err)
			return err;
	}
	*out = parent->child[slot];
	return 0;
}

int node_ref_children(struct skyaifs *fs, const uint8_t *b, int delta)
{
	struct bp bp;
	for (unsigned i = 0; i < node_count(b); i++) {
		if (node_level(b)) {
			bp_load(&bp, b + NODE_HDR + i * INTERNAL_ENTRY + KEY_SIZE);
		} else {
			const uint8_t *h = b + NODE_HDR + i * ITEM_HDR;
			if (!item_has_bp(h[16]))
				continue;
			bp_load(&bp, b + ld16(h + 18));
		}
		if (delta > 0)
			space_inc(fs, &bp);
		else
			space_dec(fs, &bp);
	}
	return 0;
}

/* Make a node private to this tree before changing it. A node others share hands one reference to
 * each of its children to the copy (Rodeh); one only we hold is simply freed (deferred). */
static void node_cow(struct skyaifs *fs, struct node *n)
{
	if (n->dirty)
		return;
	if (space_refs(fs, n->ptr.addr[0]) > 1)
		node_ref_children(fs, n->buf, +1);
	space_dec(fs, &n->ptr);
	n->dirty = true;
	fs->dirty_nodes++;
}

/* ---- searching ---- */

static unsigned leaf_lower_bound(uint8_t *b, const struct key *k)
{
	unsigned lo = 0, hi = node_count(b);
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		struct key m;
		key_load(ihdr(b, mid), &m);
		if (key_cmp(&m, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The child whose range holds k: the last entry with key <= k (entry 0 stands for everything
 * below). */
static unsigned internal_slot(uint8_t *b, const struct key *k)
{
	unsigned lo = 1, hi = node_count(b);
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		struct key m;
		key_load(entry(b, mid), &m);
		if (key_cmp(&m, k) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

static int split(struct tree *t, struct path *p, int d);

/* Walk from the root to the leaf for k. With `cow`, every node on the way is made private; with
 * `split_full`, full internal nodes are split first so the leaf's parent has room. */
static int descend(struct tree *t, const struct key *k, struct path *p, bool cow, bool split_full)
{
	struct skyaifs *fs = t->fs;
	p->depth = 0;
	struct node *n = t->root;
	if (cow)
		node_cow(fs, n);
	for (;;) {
		if (p->depth >= TREE_MAX_LEVELS)
			return SKYAIFS_EUCLEAN;
		p->n[p->depth] = n;
		if (node_level(n->buf) == 0) {
			p->slot[p->depth++] = (int)leaf_lower_bound(n->buf, k);
			return 0;
		}
		if (split_full && node_count(n->buf) == NODE_FANOUT) {
			int err = split(t, p, p->depth);
			if (err)
				return err;
			return descend(t, k, p, cow,
				       split_full); /* start again over the new shape */
		}
		unsigned s = internal_slot(n->buf, k);
		p->slot[p->depth++] = (int)s;
		struct node *c;
		int err = node_child(fs, n, s, &c);
		if (err)
			return err;
		if (cow)
			node_cow(fs, c);
		n = c;
	}
}

/* ---- splitting ---- */

static void internal_insert(struct node *parent, unsigned i, const struct key *k,
			    struct node *child)
{
	unsigned n = node_count(parent->buf);
	memmove(entry(parent->buf, i + 1), entry(parent->buf, i), (n - i) * INTERNAL_ENTRY);
	memmove(&parent->child[i + 1], &parent->child[i], (n - i) * sizeof *parent->child);
	key_store(k, entry(parent->buf, i));
	memset(entry(parent->buf, i) + KEY_SIZE, 0, BP_SIZE);
	parent->child[i] = child;
	set_count(parent->buf, n + 1);
}

static void internal_remove(struct node *parent, unsigned i)
{
	unsigned n = node_count(parent->buf);
	memmove(entry(parent->buf, i), entry(parent->buf, i + 1), (n - i - 1) * INTERNAL_ENTRY);
	memmove(&parent->child[i], &parent->child[i + 1], (n - i - 1) * sizeof *parent->child);
	memset(entry(parent->buf, n - 1), 0, INTERNAL_ENTRY);
	parent->child[n - 1] = NULL;
	set_count(parent->buf, n - 1);
}

/* Split path node d (already private) in two; its parent gets the new right half. The root splits
 * under a new root. */
static int split(struct tree *t, struct path *p, int d)
{
	struct node *x = p->n[d];
	uint8_t level = node_level(x->buf);
	unsigned n = node_count(x->buf);
	if (n < 2)
		return SKYAIFS_EUCLEAN;
	struct node *parent;
	unsigned pslot;
	if (d == 0) {
		if (level + 1 >= TREE_MAX_LEVELS)
			return SKYAIFS_ENOSPC;
		parent = node_new(t, (uint8_t)(level + 1));
		if (!parent)
			return SKYAIFS_ENOMEM;
		struct key k;
		node_first_key(x->buf, &k);
		internal_insert(parent, 0, &k, x);
		t->root = parent;
		pslot = 0;
	} else {
		parent = p->n[d - 1];
		pslot = (unsigned)p->slot[d - 1];
	}
	struct node *y = node_new(t, level);
	if (!y)
		return SKYAIFS_ENOMEM;
	unsigned h;
	if (level) {
		h = n / 2;
		memcpy(entry(y->buf, 0), entry(x->buf, h), (n - h) * INTERNAL_ENTRY);
		memcpy(y->child, &x->child[h], (n - h) * sizeof *y->child);
		memset(entry(x->buf, h), 0, (n - h) * INTERNAL_ENTRY);
		memset(&x->child[h], 0, (n - h) * sizeof *x->child);
		set_count(y->buf, n - h);
		set_count(x->buf, h);
	} else {
		/* split by bytes, keeping at least one item on each side */
		unsigned total = 0, acc = 0;
		struct item it;
		for (unsigned i = 0; i < n; i++) {
			leaf_item(x->buf, i, &it);
			total += ITEM_HDR + it.len;
		}
		for (h = 0; h < n - 1; h++) {
			leaf_item(x->buf, h, &it);
			if (h > 0 && acc + ITEM_HDR + it.len > total / 2)
				break;
			acc += ITEM_HDR + it.len;
		}
		for (unsigned i = h; i < n; i++) {
			leaf_item(x->buf, i, &it);
			leaf_insert(y->buf, i - h, &it.key, it.val, it.len);
		}
		for (unsigned i = n; i > h; i--)
			leaf_remove(x->buf, i - 1);
	}
	struct key yk;
	node_first_key(y->buf, &yk);
	internal_insert(parent, pslot + 1, &yk, y);
	return 0;
}

/* ---- the item interface ---- */

int tree_get(struct tree *t, const struct key *k, struct item *out)
{
	struct path p;
	int err = descend(t, k, &p, false, false);
	if (err)
		return err;
	struct node *leaf = p.n[p.depth - 1];
	unsigned s = (unsigned)p.slot[p.depth - 1];
	if (s >= node_count(leaf->buf))
		return SKYAIFS_ENOENT;
	leaf_item(leaf->buf, s, out);
	return key_cmp(&out->key, k) == 0 ? 0 : SKYAIFS_ENOENT;
}

int tree_next(struct tree *t, const struct key *k, struct item *out)
{
	struct path p;
	int err = descend(t, k, &p, false, false);
	if (err)
		return err;
	int d = p.depth - 1;
	struct node *leaf = p.n[d];
	if ((unsigned)p.slot[d] < node_count(leaf->buf)) {
		leaf_item(leaf->buf, (unsigned)p.slot[d], out);
		return 0;
	}
	/* past this leaf: climb to the first ancestor with a next child, then take leftmost leaves
	 */
	while (--d >= 0) {
		unsigned s = (unsigned)p.slot[d] + 1;
		struct node *n = p.n[d];
		if (s >= node_count(n->buf))
			continue;
		for (;;) {
			struct node *c;
			if ((err = node_child(t->fs, n, s, &c)) != 0)
				return err;
			if (node_level(c->buf) == 0) {
				if (node_count(c->buf) == 0)
					return SKYAIFS_ENOENT;
				leaf_item(c->buf, 0, out);
				return 0;
			}
			n = c;
			s = 0;
		}
	}
	return SKYAIFS_ENOENT;
}

int tree_put(struct tree *t, const struct key *k, const void *val, uint16_t len)
{
	if (len > VALUE_MAX)
		return SKYAIFS_E2BIG;
	for (int attempt = 0; attempt < 2 * TREE_MAX_LEVELS; attempt++) {
		struct path p;
		int err = descend(t, k, &p, true, true);
		if (err)
			return err;
		int d = p.depth - 1;
		struct node *leaf = p.n[d];
		unsigned s = (unsigned)p.slot[d];
		struct item it;
		bool exists = false;
		if (s < node_count(leaf->buf)) {
			leaf_item(leaf->buf, s, &it);
			exists = key_cmp(&it.key, k) == 0;
		}
		unsigned need =
			exists ? (len > it.len ? (unsigned)(len - it.len) : 0u) : ITEM_HDR + len;
		if (leaf_free(leaf->buf) >= need) {
			if (exists)
				leaf_remove(leaf->buf, s);
			leaf_insert(leaf->buf, s, k, val, len);
			return 0;
		}
		if ((err = split(t, &p, d)) != 0)
			return err;
	}
	return SKYAIFS_EUCLEAN;
}

int tree_insert(struct tree *t, const struct key *k, const void *val, uint16_t len)
{
	struct item it;
	int err = tree_get(t, k, &it);
	if (err == 0)
		return SKYAIFS_EEXIST;
	if (err != SKYAIFS_ENOENT)
		return err;
	return tree_put(t, k, val, len);
}

/* Merge leaf path node d with its right neighbour when together they fit in one node. */
static int leaf_merge(struct tree *t, struct path *p, int d)
{
	struct node *parent = p->n[d - 1], *leaf = p->n[d], *right;
	unsigned s = (unsigned)p->slot[d - 1];
	if (s + 1 >= node_count(parent->buf))
		return 0;
	int err = node_child(t->fs, parent, s + 1, &right);
	if (err)
		return err;
	unsigned used = SKYAIFS_BLOCK_SIZE - NODE_HDR - leaf_free(right->buf);
	if (used > leaf_free(leaf->buf))
		return 0;
	node_cow(t->fs, right);
	struct item it;
	for (unsigned i = 0; i < node_count(right->buf); i++) {
		leaf_item(right->buf, i, &it);
		leaf_insert(leaf->buf, node_count(leaf->buf), &it.key, it.val, it.len);
	}
	internal_remove(parent, s + 1);
	node_release(t->fs, right);
	return 0;
}

int tree_delete(struct tree *t, const struct key *k)
{
	struct item it;
	int err = tree_get(t, k, &it);
	if (err)
		return err;
	struct path p;
	if ((err = descend(t, k, &p, true, false)) != 0)
		return err;
	int d = p.depth - 1;
	leaf_remove(p.n[d]->buf, (unsigned)p.slot[d]);
	/* an empty node leaves its parent, and so on up */
	while (d > 0 && node_count(p.n[d]->buf) == 0) {
		internal_remove(p.n[d - 1], (unsigned)p.slot[d - 1]);
		node_release(t->fs, p.n[d]);
		d--;
	}
	if (d > 0 && d == p.depth - 1 &&
	    leaf_free(p.n[d]->buf) > 3 * (SKYAIFS_BLOCK_SIZE - NODE_HDR) / 4 &&
	    (err = leaf_merge(t, &p, d)) != 0)
		return err;
	/* a root with one child gives way to it */
	while (node_level(t->root->buf) > 0 && node_count(t->root->buf) == 1) {
		struct node *c, *old = t->root;
		if ((err = node_child(t->fs, old, 0, &c)) != 0)
			return err;
		node_cow(t->fs, c);
		old->child[0] = NULL;
		t->root = c;
		node_release(t->fs, old);
	}
	return 0;
}

/* ---- commit ---- */

struct batch {
	struct skyaifs *fs;
	struct skyaifs_io io[64];
	uint8_t *bufs; /* 32 blocks */
	unsigned n;
};

static int batch_flush(struct batch *b)
{
	int err = b->n ? dev_write(b->fs, b->io, b->n) : 0;
	b->n = 0;
	return err;
}

static int node_write(struct tree *t, struct node *n, struct batch *b)
{
	struct skyaifs *fs = t->fs;
	int err;
	if (n->child)
		for (unsigned i = 0; i < node_count(n->buf); i++) {
			struct node *c = n->child[i];
			if (!c || !c->dirty)
				continue;
			if ((err = node_write(t, c, b)) != 0)
				return err;
			bp_store(&c->ptr, entry(n->buf, i) + KEY_SIZE);
		}
	struct bp bp = { .birth = fs->txg, .kind = BP_NODE, .level = node_level(n->buf) };
	if ((err = space_alloc(fs, bp.addr, 2)) != 0)
		return err;
	if (b->n + 2 > 64 && (err = batch_flush(b)) != 0)
		return err;
	uint8_t *out = b->bufs + (b->n / 2) * SKYAIFS_BLOCK_SIZE;
	if ((err = block_seal(fs, &bp, NULL, n->buf, out)) != 0)
		return err;
	b->io[b->n++] = (struct skyaifs_io){ bp.addr[0], out };
	b->io[b->n++] = (struct skyaifs_io){ bp.addr[1], out };
	n->ptr = bp;
	n->dirty = false;
	fs->dirty_nodes--;
	return 0;
}

int tree_commit(struct tree *t, struct bp *root)
{
	if (t->root->dirty) {
		struct batch b = { .fs = t->fs, .bufs = fs_alloc(t->fs, 32 * SKYAIFS_BLOCK_SIZE) };
		if (!b.bufs)
			return SKYAIFS_ENOMEM;
		int err = node_write(t, t->root, &b);
		if (!err)
			err = batch_flush(&b);
		fs_free(t->fs, b.bufs);
		if (err)
			return err;
	}
	*root = t->root->ptr;
	return 0;
}

int tree_new(struct tree *t)
{
	t->root = node_new(t, 0);
	return t->root ? 0 : SKYAIFS_ENOMEM;
}

int tree_load_root(struct tree *t, const struct bp *root)
{
	return node_read(t->fs, root, &t->root);
}

/* Drop the nodes below the root from memory (after a commit, when memory runs high). */
void tree_unload(struct tree *t)
{
	struct node *r = t->root;
	if (!r || !r->child)
		return;
	for (unsigned i = 0; i < NODE_FANOUT; i++) {
		node_release(t->fs, r->child[i]);
		r->child[i] = NULL;
	}
}

void tree_free(struct tree *t)
{
	node_release(t->fs, t->root);
	t->root = NULL;
}

int tree_drop(struct skyaifs *fs, const struct bp *root)
{
	if (space_refs(fs, root->addr[0]) > 1) {
		space_dec(fs, root);
		return 0;
	}
	struct node *n;
	int err = node_read(fs, root, &n);
	if (err)
		return err;
	for (unsigned i = 0; i < node_count(n->buf) && !err; i++) {
		struct bp c;
		if (node_level(n->buf)) {
			bp_load(&c, entry(n->buf, i) + KEY_SIZE);
			err = tree_drop(fs, &c);
		} else {
			struct item it;
			leaf_item(n->buf, i, &it);
			if (!item_has_bp(it.key.type))
				continue;
			bp_load(&c, it.val);
			if (c.kind == BP_NODE)
				err = tree_drop(fs, &c);
			else
				space_dec(fs, &c);
		}
	}
	node_release(fs, n);
	if (!err)
		space_dec(fs, root);
	return err;
}
