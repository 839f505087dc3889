// Where memory of recent calls (recentCalls.ts) keeps the calls it forgets: their keys' 53-bit
// hashes, at ~16 bits a key instead of HashSet53's 85-170 (its table 38-75% full). A key added is always found
// again (no false negatives), which is what memory's certainty needs; about 0.1-0.3% of other keys
// are found too, and those calls are looked up in ClickHouse.

const BLOOM_BLOCK_WORDS = 16; // 512 bits: one cache line a probe
const BLOOM_BITS_PER_KEY = 16;
const BLOOM_BITS_SET = 8;

/**
 * A blocked Bloom filter of 53-bit hashes: each key sets 8 bits in one 512-bit block, ~16 bits a
 * key (about 0.2% false positives when full), an eighth of HashSet53's memory a key or less. No false
 * negatives: a key added is always found, which is what memory's certainty needs.
 */
export class BlockedBloom53 {
  private readonly words: Uint32Array;
  private readonly blocks: number;

  constructor(readonly capacity: number) {
    this.blocks = Math.max(1, Math.ceil((capacity * BLOOM_BITS_PER_KEY) / (BLOOM_BLOCK_WORDS * 32)));
    this.words = new Uint32Array(this.blocks * BLOOM_BLOCK_WORDS);
  }

  add(hash: number): void {
    const base = this.blockOf(hash);
    let x = this.seed(hash);
    for (let j = 0; j < BLOOM_BITS_SET; j++) {
      x = nextBit(x);
      const bit = x >>> 23; // 9 bits: a bit of the block
      this.words[base + (bit >>> 5)]! |= 1 << (bit & 31);
    }
  }

  /** True for every key added, and for a few others (false positives): "maybe". */
  has(hash: number): boolean {
    const base = this.blockOf(hash);
    let x = this.seed(hash);
    for (let j = 0; j < BLOOM_BITS_SET; j++) {
      x = nextBit(x);
      const bit = x >>> 23;
      if ((this.words[base + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** The first word of the key's block: from the hash's high 27 bits. */
  private blockOf(hash: number): number {
    return (Math.floor(hash / 0x4000000) % this.blocks) * BLOOM_BLOCK_WORDS;
  }

  /** The bits' generator, seeded from the whole hash (nextBit steps it). */
  private seed(hash: number): number {
    return Math.imul((hash % 0x4000000) ^ Math.floor(hash / 0x4000000), 0x9e3779b1) | 1;
  }
}

const nextBit = (x: number): number => Math.imul(x ^ (x >>> 15), 0x85ebca6b);
