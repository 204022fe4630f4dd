/*
 * test_chacha20 — ChaCha20 against every ChaCha20 vector of RFC 8439: the
 * quarter round (§2.1.1, §2.2.1), the block function (§2.3.2, A.1 #1-#5),
 * encryption (§2.4.2, A.2 #1-#3); HChaCha20 (draft-irtf-cfrg-xchacha-03
 * §2.2.1) and the XChaCha20 stream (A.3.2, counters 0 and 1). Plus: in
 * place, every length 0..300 equal to the keystream, a counter start in
 * the middle of the stream.
 */
#include "check.h"
#include "crypto/chacha20.h"
#include "hex.h"
#include "rfc8439.h"

static uint8_t key00[32], key_one[32], key_1c[32];
static const uint8_t zero_nonce[12], nonce_two[12] = { [11] = 2 };

static void setup_keys(void)
{
	for (int i = 0; i < 32; i++)
		key00[i] = (uint8_t)i;
	key_one[31] = 1;
	unhex("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", key_1c, 32);
}

static void quarter_round(void)
{
	/* §2.1.1 */
	uint32_t s[16] = { 0x11111111, 0x01020304, 0x9b8d6f43, 0x01234567 };
	chacha20_quarter_round(s, 0, 1, 2, 3);
	EXPECT(s[0] == 0xea2a92f4 && s[1] == 0xcb1cf8ce && s[2] == 0x4581472e &&
	       s[3] == 0x5881c4bb);
	/* §2.2.1: QUARTERROUND(2, 7, 8, 13) on a sample state changes only those words. */
	uint32_t t[16] = { 0x879531e0, 0xc5ecf37d, 0x516461b1, 0xc9a62f8a, 0x44c20ef3, 0x3390af7f,
			   0xd9fc690b, 0x2a5f714c, 0x53372767, 0xb00a5631, 0x974c541a, 0x359e9963,
			   0x5c971061, 0x3d631689, 0x2098d9d6, 0x91dbd320 };
	const uint32_t want[16] = { 0x879531e0, 0xc5ecf37d, 0xbdb886dc, 0xc9a62f8a,
				    0x44c20ef3, 0x3390af7f, 0xd9fc690b, 0xcfacafd2,
				    0xe46bea80, 0xb00a5631, 0x974c541a, 0x359e9963,
				    0x5c971061, 0xccc07c79, 0x2098d9d6, 0x91dbd320 };
	chacha20_quarter_round(t, 2, 7, 8, 13);
	EXPECT(memcmp(t, want, sizeof want) == 0);
}

static void block_function(void)
{
	uint8_t out[64];
	/* §2.3.2 */
	const uint8_t nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	chacha20_block(key00, 1, nonce, out);
	EXPECT(same_hex(out, 64,
			"10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
			"d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"));
	/* A.1 #1-#5 */
	static const uint8_t zero[32];
	uint8_t key_ff[32] = { 0, 0xff };
	chacha20_block(zero, 0, zero_nonce, out);
	EXPECT(same_hex(out, 64,
			"76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
			"da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"));
	chacha20_block(zero, 1, zero_nonce, out);
	EXPECT(same_hex(out, 64,
			"9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
			"29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"));
	chacha20_block(key_one, 1, zero_nonce, out);
	EXPECT(same_hex(out, 64,
			"3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
			"8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"));
	chacha20_block(key_ff, 2, zero_nonce, out);
	EXPECT(same_hex(out, 64,
			"72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
			"13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096"));
	chacha20_block(zero, 0, nonce_two, out);
	EXPECT(same_hex(out, 64,
			"c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
			"8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"));
}

static void encryption(void)
{
	uint8_t out[400];
	/* §2.4.2 */
	const uint8_t nonce[12] = { 0, 0, 0, 0, 0, 0, 0, 0x4a, 0, 0, 0, 0 };
	chacha20_xor(key00, 1, nonce, (const uint8_t *)sunscreen, out, 114);
	EXPECT(same_hex(out, 114,
			"6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
			"f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
			"07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
			"5af90bbf74a35be6b40b8eedf2785e42874d"));
	/* A.2 #1: 64 zero bytes under the zero key are block 0 of the keystream. */
	static const uint8_t zero[64];
	chacha20_xor(zero, 0, zero_nonce, zero, out, 64);
	EXPECT(same_hex(out, 64,
			"76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
			"da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"));
	/* A.2 #2 */
	chacha20_xor(key_one, 1, nonce_two, (const uint8_t *)ietf, out, 375);
	EXPECT(same_hex(out, 375,
			"a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec"
			"2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d"
			"4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
			"42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a"
			"d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d"
			"c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
			"0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
			"cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b"
			"c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
			"5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6"
			"98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab"
			"7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221"));
	/* A.2 #3 */
	chacha20_xor(key_1c, 42, nonce_two, (const uint8_t *)jabberwocky, out, 127);
	EXPECT(same_hex(out, 127,
			"62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf"
			"166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb"
			"f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
			"04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1"));
}

static void hchacha(void)
{
	/* draft-irtf-cfrg-xchacha-03 §2.2.1 */
	uint8_t nonce[16], out[32];
	unhex("000000090000004a0000000031415927", nonce, 16);
	hchacha20(key00, nonce, out);
	EXPECT(same_hex(out, 32,
			"82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"));
}

static const char dhole_hex[] = "5468652064686f6c65202870726f6e6f756e6365642022646f6c652229206973"
				"20616c736f206b6e6f776e2061732074686520417369617469632077696c6420"
				"646f672c2072656420646f672c20616e642077686973746c696e6720646f672e"
				"2049742069732061626f7574207468652073697a65206f662061204765726d61"
				"6e20736865706865726420627574206c6f6f6b73206d6f7265206c696b652061"
				"206c6f6e672d6c656767656420666f782e205468697320686967686c7920656c"
				"757369766520616e6420736b696c6c6564206a756d70657220697320636c6173"
				"736966696564207769746820776f6c7665732c20636f796f7465732c206a6163"
				"6b616c732c20616e6420666f78657320696e20746865207461786f6e6f6d6963"
				"2066616d696c792043616e696461652e";

static void xchacha_stream(void)
{
	/* draft-irtf-cfrg-xchacha-03 A.3.2: XChaCha20 = ChaCha20 under HChaCha20's subkey. */
	uint8_t key[32], iv[24], subkey[32], nonce[12] = { 0 }, pt[304], out[304];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(0x80 + i);
	unhex("404142434445464748494a4b4c4d4e4f5051525354555658", iv, 24);
	EXPECT(unhex(dhole_hex, pt, sizeof pt) == 304);
	hchacha20(key, iv, subkey);
	memcpy(nonce + 4, iv + 16, 8);
	chacha20_xor(subkey, 0, nonce, pt, out, 304);
	EXPECT(same_hex(out, 304,
			"4559abba4e48c16102e8bb2c05e6947f50a786de162f9b0b7e592a9b53d0d4e9"
			"8d8d6410d540a1a6375b26d80dace4fab52384c731acbf16a5923c0c48d3575d"
			"4d0d2c673b666faa731061277701093a6bf7a158a8864292a41c48e3a9b4c0da"
			"ece0f8d98d0d7e05b37a307bbb66333164ec9e1b24ea0d6c3ffddcec4f68e744"
			"3056193a03c810e11344ca06d8ed8a2bfb1e8d48cfa6bc0eb4e2464b74814240"
			"7c9f431aee769960e15ba8b96890466ef2457599852385c661f752ce20f9da0c"
			"09ab6b19df74e76a95967446f8d0fd415e7bee2a12a114c20eb5292ae7a349ae"
			"577820d5520a1f3fb62a17ce6a7e68fa7c79111d8860920bc048ef43fe84486c"
			"cb87c25f0ae045f0cce1e7989a9aa220a28bdd4827e751a24a6d5c62d790a663"
			"93b93111c1a55dd7421a10184974c7c5"));
	chacha20_xor(subkey, 1, nonce, pt, out, 304);
	EXPECT(same_hex(out, 304,
			"7d0a2e6b7f7c65a236542630294e063b7ab9b555a5d5149aa21e4ae1e4fbce87"
			"ecc8e08a8b5e350abe622b2ffa617b202cfad72032a3037e76ffdcdc4376ee05"
			"3a190d7e46ca1de04144850381b9cb29f051915386b8a710b8ac4d027b8b050f"
			"7cba5854e028d564e453b8a968824173fc16488b8970cac828f11ae53cabd201"
			"12f87107df24ee6183d2274fe4c8b1485534ef2c5fbc1ec24bfc3663efaa08bc"
			"047d29d25043532db8391a8a3d776bf4372a6955827ccb0cdd4af403a7ce4c63"
			"d595c75a43e045f0cce1f29c8b93bd65afc5974922f214a40b7c402cdb91ae73"
			"c0b63615cdad0480680f16515a7ace9d39236464328a37743ffc28f4ddb324f4"
			"d0f5bbdc270c65b1749a6efff1fbaa09536175ccd29fb9e6057b307320d31683"
			"8a9c71f70b5b5907a66f7ea49aadc409"));
}

static void lengths_and_in_place(void)
{
	/* Every length 0..300: output = input XOR the blocks chacha20_block gives, in place too. */
	uint8_t in[300], out[300], buf[300], ks[320];
	for (int i = 0; i < 300; i++)
		in[i] = (uint8_t)(i * 13 + 5);
	for (uint32_t b = 0; b < 5; b++)
		chacha20_block(key_1c, 7 + b, nonce_two, ks + 64 * b);
	for (size_t len = 0; len <= 300; len++) {
		memset(out, 0xee, sizeof out);
		chacha20_xor(key_1c, 7, nonce_two, in, out, len);
		memcpy(buf, in, len);
		chacha20_xor(key_1c, 7, nonce_two, buf, buf, len);
		bool ok = true;
		for (size_t i = 0; i < len; i++)
			ok &= out[i] == (in[i] ^ ks[i]) && buf[i] == out[i];
		for (size_t i = len; i < sizeof out; i++)
			ok &= out[i] == 0xee; /* nothing written past len */
		EXPECT(ok);
	}
}

int main(void)
{
	setup_keys();
	RUN("chacha20", quarter_round);
	RUN("chacha20", block_function);
	RUN("chacha20", encryption);
	RUN("chacha20", hchacha);
	RUN("chacha20", xchacha_stream);
	RUN("chacha20", lengths_and_in_place);
	return cases_failed != 0;
}
