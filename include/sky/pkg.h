/*
 * pkg.h — the byte layouts of the supply chain's files (docs/pkg.md):
 * module packages (.skm), and the signed metadata files that share one
 * layout — root keys, trust store, key certificates, repository snapshot,
 * verification results and container image bundles (.ski). Shared by
 * lib/pkg (which reads and checks them), the host tools skypack, skyimage
 * and skyrepo (which write them) and the module manager. Little-endian.
 *
 * Module package (.skm):
 *
 *   offset      size        field
 *   0           8           magic "SKYPKG01"
 *   8           4           header size, 32
 *   12          4           manifest size m (1 .. SKY_PKG_MANIFEST_MAX)
 *   16          8           payload size p: the compression header and the zstd frames
 *   24          8           reserved, zero
 *   32          m           manifest: the SILA record pkg.Manifest (sila/pkg.sila)
 *   32+m        96          compression metadata header (include/sky/compress.h)
 *   128+m       p-96        zstd frames of the ELF
 *   32+m+p      4           signature count n (0 .. SKY_PKG_SIGS_MAX)
 *   36+m+p      n*4659      signatures (below)
 *
 * The signed region is bytes [0, 32+m+p); 64 bytes of its SHAKE256 are the
 * package's digest, which the snapshot pins together with the region's size. Each
 * signature is ML-DSA-87 (pure, context string "SKYPKG01") over the
 * 64-byte digest. The file ends exactly after the last signature.
 *
 * Signed metadata file (root keys, trust store, certificate, snapshot,
 * verification result, image bundle):
 *
 *   offset      size        field
 *   0           8           magic: which kind (SKY_META_*)
 *   8           4           body size b (1 .. SKY_META_BODY_MAX)
 *   12          4           reserved, zero
 *   16          b           body: the kind's SILA record
 *   16+b        4           signature count n (0 .. SKY_PKG_SIGS_MAX)
 *   20+b        n*4659      signatures (below)
 *
 * Each signature is ML-DSA-87 (pure, the magic as context string) over the
 * signed region [0, 16+b) itself. An image bundle's digest, which the
 * snapshot pins, is 64 bytes of SHAKE256 of its signed region.
 *
 * A signature:
 *
 *   0           32          key id: the first 32 bytes of SHAKE256(public key)
 *   32          4627        ML-DSA-87 signature
 */
#ifndef SKY_PKG_H
#define SKY_PKG_H

#define SKY_PKG_MAGIC        "SKYPKG01"
#define SKY_PKG_HEADER_SIZE  32
#define SKY_PKG_MANIFEST_MAX 4096
#define SKY_PKG_ELF_MAX      (64u << 20) /* the largest module a package may declare */
#define SKY_PKG_SIGS_MAX     4
#define SKY_PKG_KEY_ID_SIZE  32
#define SKY_PKG_PK_SIZE      2592 /* ML-DSA-87 */
#define SKY_PKG_SK_SIZE      4896
#define SKY_PKG_SIG_SIZE     4627
#define SKY_PKG_SIG_ENTRY    (SKY_PKG_KEY_ID_SIZE + SKY_PKG_SIG_SIZE)
#define SKY_PKG_DIGEST_SIZE  64

#define SKY_META_HEADER_SIZE 16
#define SKY_META_BODY_MAX    (64u << 10)
#define SKY_META_ROOT        "SKYROOT1" /* pkg.RootKeys, signed by those keys */
#define SKY_META_TRUST       "SKYTRST1" /* pkg.TrustStore, signed by the root keys */
#define SKY_META_CERT        "SKYCERT1" /* pkg.KeyCert, signed by the root keys */
#define SKY_META_SNAPSHOT    "SKYSNAP1" /* pkg.Snapshot, signed by snapshot keys */
#define SKY_META_RESULT      "SKYVRES1" /* pkg.VerificationResult, signed by promotion keys */
#define SKY_META_IMAGE       "SKYIMG01" /* image.Descriptor, signed by image keys */
#define SKY_META_STATE       "SKYSEEN1" /* pkg.State: highest versions seen, unsigned */

#endif
