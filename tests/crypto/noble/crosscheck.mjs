// crosscheck.mjs — libskycrypt's ML-DSA and ML-KEM against @noble/post-quantum,
// an independent implementation, in both directions.
//
//   node crosscheck.mjs SKYCRYPT WORKDIR [SEEDS]
//
// From SEEDS (default 100) reproducible random seeds per parameter set, noble
// writes ACVP prompts and its own expected answers: keys from seeds, signatures
// (deterministic and hedged, pure and pre-hash, with contexts, from expanded
// and seed-format keys), verdicts on its own signatures and on copies with one
// bit flipped, encapsulations, decapsulations of its ciphertexts and of
// corrupted ones (implicit rejection), in both key formats. `skycrypt acvp`
// answers each prompt and every answer must equal noble's. Then the other
// way: noble verifies every signature skycrypt made and decapsulates every
// ciphertext skycrypt made. One PASS/FAIL line per parameter set and check.
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { ml_kem512, ml_kem768, ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';

const [skycrypt, workdir, seedArg] = process.argv.slice(2);
const SEEDS = Number(seedArg || 100);
let failures = 0;

const hex = (b) => Buffer.from(b).toString('hex').toUpperCase();
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));

// A reproducible byte stream: SHAKE256 of a label (noble's, so both sides agree on nothing of ours).
function stream(label) {
	const bytes = shake256(new TextEncoder().encode(label), { dkLen: 1 << 20 });
	let at = 0;
	return (n) => {
		const out = bytes.slice(at, at + n);
		at += n;
		return out;
	};
}

function report(name, bad, total, what) {
	if (bad.length === 0) {
		console.log(`PASS noble/${name} (${total} ${what})`);
	} else {
		failures++;
		console.log(`FAIL noble/${name}: ${bad.length} of ${total} ${what} differ, first: ${bad[0]}`);
	}
}

// Write a prompt, have skycrypt answer it, and return the answers by tcId.
function ask(name, algorithm, mode, groups) {
	const prompt = { vsId: 1, algorithm, mode, revision: 'FIPS20x', isSample: false, testGroups: groups };
	const file = join(workdir, `${name}.json`);
	writeFileSync(file, JSON.stringify(prompt));
	const out = execFileSync(skycrypt, ['acvp', file], { maxBuffer: 1 << 30 });
	const answers = new Map();
	for (const g of JSON.parse(out).testGroups) for (const t of g.tests) answers.set(t.tcId, t);
	return answers;
}

// Compare skycrypt's answers with noble's expected fields; report as one check.
function compare(name, answers, expected, what) {
	const bad = [];
	for (const [tcId, fields] of expected) {
		const got = answers.get(tcId);
		for (const [k, v] of Object.entries(fields))
			if (!got || got[k] !== v) {
				bad.push(`tcId ${tcId} ${k}`);
				break;
			}
	}
	report(name, bad, expected.size, what);
}

const HASHES = {
	'SHA2-224': sha224, 'SHA2-256': sha256, 'SHA2-384': sha384, 'SHA2-512': sha512,
	'SHA2-512/224': sha512_224, 'SHA2-512/256': sha512_256, 'SHA3-224': sha3_224,
	'SHA3-256': sha3_256, 'SHA3-384': sha3_384, 'SHA3-512': sha3_512, 'SHAKE-128': shake128,
	'SHAKE-256': shake256,
};

function flipBit(bytes, rand) {
	const copy = bytes.slice();
	const r = rand(4);
	const bit = ((r[0] << 16) | (r[1] << 8) | r[2]) % (copy.length * 8);
	copy[bit >> 3] ^= 1 << (bit & 7);
	return copy;
}

function crossDsa(set, dsa) {
	const rand = stream(`skyscope noble cross-check ${set}`);
	const keys = [];
	for (let i = 0; i < SEEDS; i++) {
		const seed = rand(32);
		keys.push({ seed, ...dsa.keygen(seed) });
	}

	// Keys from the same seeds must be byte-identical.
	const kg = new Map();
	keys.forEach((k, i) => kg.set(i + 1, { pk: hex(k.publicKey), sk: hex(k.secretKey) }));
	const kgTests = keys.map((k, i) => ({ tcId: i + 1, seed: hex(k.seed) }));
	compare(`${set}/keys-identical`, ask(`${set}-keygen`, 'ML-DSA', 'keyGen',
		[{ tgId: 1, testType: 'AFT', parameterSet: set, tests: kgTests }]), kg, 'seeds');

	// Signatures: noble's expected bytes; groups by interface, randomness, key format.
	// noble takes only hashes at least as strong as the level (FIPS 204 §5.4 recommends it).
	const strong = Object.keys(HASHES).filter((h) => {
		try {
			dsa.prehash(HASHES[h]);
			return true;
		} catch {
			return false;
		}
	});
	const groups = [];
	const expected = new Map();
	const made = []; // what skycrypt signs, for noble to verify afterwards
	let tc = 0;
	const kinds = [
		{ deterministic: true, preHash: 'pure', keyFormat: 'expanded' },
		{ deterministic: false, preHash: 'pure', keyFormat: 'seed' },
		{ deterministic: false, preHash: 'preHash', keyFormat: 'expanded' },
	];
	kinds.forEach((kind, g) => {
		const tests = [];
		keys.forEach((k, i) => {
			const message = rand(1 + rand(1)[0] * 4);
			const context = rand(rand(1)[0]);
			const rnd = kind.deterministic ? new Uint8Array(32) : rand(32);
			const hashAlg = strong[i % strong.length];
			const signer = kind.preHash === 'preHash' ? dsa.prehash(HASHES[hashAlg]) : dsa;
			const sig = signer.sign(message, k.secretKey, { context, extraEntropy: kind.deterministic ? false : rnd });
			const t = { tcId: ++tc, message: hex(message), context: hex(context) };
			if (kind.keyFormat === 'seed') t.seed = hex(k.seed);
			else t.sk = hex(k.secretKey);
			if (!kind.deterministic) t.rnd = hex(rnd);
			if (kind.preHash === 'preHash') t.hashAlg = hashAlg;
			tests.push(t);
			expected.set(tc, { signature: hex(sig) });
			made.push({ tc, signer, message, context, pk: k.publicKey });
		});
		groups.push({ tgId: g + 1, testType: 'AFT', parameterSet: set, signatureInterface: 'external',
			...kind, tests });
	});
	const sigs = ask(`${set}-siggen`, 'ML-DSA', 'sigGen', groups);
	compare(`${set}/signatures-identical`, sigs, expected, 'signatures');

	// Ours verify there.
	const bad = [];
	for (const m of made) {
		const s = sigs.get(m.tc);
		if (!s || !m.signer.verify(unhex(s.signature), m.message, m.pk, { context: m.context }))
			bad.push(`tcId ${m.tc}`);
	}
	report(`${set}/ours-verify-in-noble`, bad, made.length, 'signatures');

	// Theirs verify here; with one bit flipped in the signature, key, message or context, they must not.
	const verTests = [];
	const verdicts = new Map();
	tc = 0;
	keys.forEach((k) => {
		const message = rand(33);
		const context = rand(1 + (rand(1)[0] % 64));
		const sig = dsa.sign(message, k.secretKey, { context });
		const cases = [
			[sig, k.publicKey, message, context, true],
			[flipBit(sig, rand), k.publicKey, message, context, false],
			[sig, flipBit(k.publicKey, rand), message, context, false],
			[sig, k.publicKey, flipBit(message, rand), context, false],
			[sig, k.publicKey, message, flipBit(context, rand), false],
		];
		for (const [s, pk, msg, ctx, ok] of cases) {
			const agree = dsa.verify(s, msg, pk, { context: ctx }) === ok; // noble agrees
			verTests.push({ tcId: ++tc, pk: hex(pk), message: hex(msg), context: hex(ctx), signature: hex(s) });
			verdicts.set(tc, { testPassed: agree ? ok : 'noble disagrees' });
		}
	});
	compare(`${set}/theirs-verify-here-flips-refused`, ask(`${set}-sigver`, 'ML-DSA', 'sigVer',
		[{ tgId: 1, testType: 'AFT', parameterSet: set, signatureInterface: 'external', preHash: 'pure',
			tests: verTests }]), verdicts, 'verdicts');
}

function crossKem(set, kem) {
	const rand = stream(`skyscope noble cross-check ${set}`);
	const keys = [];
	for (let i = 0; i < SEEDS; i++) {
		const d = rand(32), z = rand(32);
		const seed = new Uint8Array(64);
		seed.set(d);
		seed.set(z, 32);
		keys.push({ d, z, ...kem.keygen(seed) });
	}
	const kg = new Map();
	keys.forEach((k, i) => kg.set(i + 1, { ek: hex(k.publicKey), dk: hex(k.secretKey) }));
	compare(`${set}/keys-identical`, ask(`${set}-keygen`, 'ML-KEM', 'keyGen',
		[{ tgId: 1, testType: 'AFT', parameterSet: set,
			tests: keys.map((k, i) => ({ tcId: i + 1, d: hex(k.d), z: hex(k.z) })) }]), kg, 'seeds');

	// Encapsulate here with the m noble uses there; decapsulate theirs here, whole
	// and with a bit flipped (noble's implicit-rejection key), from dk and from (d, z).
	const enc = [], dec = [], decSeed = [];
	const expected = new Map();
	let tc = 0;
	keys.forEach((k) => {
		const m = rand(32);
		const { cipherText, sharedSecret } = kem.encapsulate(k.publicKey, m);
		enc.push({ tcId: ++tc, ek: hex(k.publicKey), m: hex(m), ct: cipherText });
		expected.set(tc, { c: hex(cipherText), k: hex(sharedSecret) });
		for (const c of [cipherText, flipBit(cipherText, rand)]) {
			dec.push({ tcId: ++tc, dk: hex(k.secretKey), c: hex(c) });
			expected.set(tc, { k: hex(kem.decapsulate(c, k.secretKey)) });
			decSeed.push({ tcId: ++tc, d: hex(k.d), z: hex(k.z), c: hex(c) });
			expected.set(tc, { k: hex(kem.decapsulate(c, k.secretKey)) });
		}
	});
	const answers = ask(`${set}-encdec`, 'ML-KEM', 'encapDecap', [
		{ tgId: 1, testType: 'AFT', parameterSet: set, function: 'encapsulation',
			tests: enc.map(({ ct, ...t }) => t) },
		{ tgId: 2, testType: 'VAL', parameterSet: set, function: 'decapsulation', keyFormat: 'expanded', tests: dec },
		{ tgId: 3, testType: 'VAL', parameterSet: set, function: 'decapsulation', keyFormat: 'seed', tests: decSeed },
	]);
	compare(`${set}/encaps-decaps-identical`, answers, expected, 'operations');

	// Our ciphertexts decapsulate there to our key (with fresh randomness: noble's own m is not ours).
	const bad = [];
	const rnd = [];
	keys.forEach((k, i) => rnd.push({ tcId: i + 1, ek: hex(k.publicKey), m: hex(rand(32)) }));
	const ours = ask(`${set}-encaps`, 'ML-KEM', 'encapDecap',
		[{ tgId: 1, testType: 'AFT', parameterSet: set, function: 'encapsulation', tests: rnd }]);
	keys.forEach((k, i) => {
		const a = ours.get(i + 1);
		if (!a || hex(kem.decapsulate(unhex(a.c), k.secretKey)) !== a.k) bad.push(`tcId ${i + 1}`);
	});
	report(`${set}/ours-decapsulate-in-noble`, bad, keys.length, 'ciphertexts');
}

for (const [set, kem] of [['ML-KEM-512', ml_kem512], ['ML-KEM-768', ml_kem768], ['ML-KEM-1024', ml_kem1024]])
	crossKem(set, kem);
for (const [set, dsa] of [['ML-DSA-44', ml_dsa44], ['ML-DSA-65', ml_dsa65], ['ML-DSA-87', ml_dsa87]])
	crossDsa(set, dsa);
process.exit(failures ? 1 : 0);
