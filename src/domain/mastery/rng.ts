/**
 * Small seeded PRNG (sfc32 seeded through splitmix32) so fits and synthetic data are reproducible
 * across runs and machines; Math.random is never used by the mastery engine.
 */

export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hash a string with a seed into 32 bits (FNV-1a then mixing), to derive per-skill streams. */
export function hashSeed(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ (seed | 0) ^ Math.floor(seed / 4294967296)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const st = { s: h };
  return splitmix32(st);
}

/** Create a generator; the same seed always yields the same stream. */
export function createRng(seed: number): Rng {
  const st = { s: (seed | 0) ^ Math.floor(seed / 4294967296) };
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st);
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    next(): number {
      const hi = u32() >>> 5;
      const lo = u32() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
  };
}
