/*
 * compress.h — the compression metadata header (the seed's
 * SILA_CompressionMetadataHeader): what precedes every compressed payload
 * Skyscope stores (modules, image layers, later SKYAIFS extents). It says
 * how to decompress, how big the result must be, and what it must hash to,
 * so a reader checks sizes before decoding and the hash after, and hands
 * out nothing that fails either. Shared by lib/compress (which reads and
 * checks it), the host tool skyzstd (which writes it) and user servers.
 * All fields little-endian.
 *
 *   offset  size  field
 *   0       4     magic "SKYZ"
 *   4       1     version, 1
 *   5       1     algorithm: 1 = zstd (RFC 8878 frames)
 *   6       2     header size in bytes, 96 (readers refuse other sizes)
 *   8       4     dictionary id the payload needs (the zstd Dictionary_ID), 0 if none
 *   12      4     flags, reserved: 0
 *   16      8     compressed size: payload bytes that follow the header
 *   24      8     decompressed size in bytes
 *   32      64    SHA3-512 of the decompressed bytes
 *   96            the payload
 */
#ifndef SKY_COMPRESS_H
#define SKY_COMPRESS_H

#define SKY_CMH_MAGIC       "SKYZ"
#define SKY_CMH_VERSION     1
#define SKY_CMH_SIZE        96
#define SKY_CMH_ALGO_ZSTD   1
#define SKY_CMH_HASH_OFFSET 32

#endif
