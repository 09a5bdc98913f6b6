// Non-cryptographic string hashes: cache keys, snapshot identities, fingerprints (nothing here protects a secret).

/**
 * Two 32-bit FNV-1a-style lanes of `text` (the second with another multiplier), for a 64-bit fingerprint where one
 * lane's 32 bits would collide too often.
 * @example hashLanes('abc') // [2135587861, …]
 */
export function hashLanes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return [a, b];
}
