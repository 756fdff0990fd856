//! A fast hasher for maps keyed by the graph's string ids (the FxHash mixing step, over 8 bytes
//! at a time). Loading a 100,000-node file hashes every id three times or more; SipHash made
//! that a visible share of the load.
//!
//! Not resistant to crafted collisions. In the browser this loses nothing: on
//! `wasm32-unknown-unknown` the standard `RandomState` has no entropy to draw keys from either.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The FxHash state: one word, mixed by rotate, xor and multiply.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
        self.add(bytes.len() as u64);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The splitmix64 finalizer: the multiply above leaves the low bits (which pick the bucket)
    /// depending on the low bytes only, the same for ids such as `n1`, `n2`…
    #[inline]
    fn finish(&self) -> u64 {
        let mut z = self.hash;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A map keyed by ids, hashed with [`IdHasher`].
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A set of ids, hashed with [`IdHasher`].
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_ids_hash_apart_and_maps_work() {
        let mut m: IdMap<String, usize> = IdMap::default();
        for i in 0..10_000 {
            m.insert(format!("n{i}"), i);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get("n4242"), Some(&4242));
        assert_eq!(m.get("n10000"), None);
        let hash = |s: &str| {
            let mut h = IdHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("a"), hash("a\0"), "a trailing zero byte changes the hash");
        assert_ne!(hash("12345678"), hash("1234567"));
        // Ids that differ only in their last characters spread over the low bits (the bucket).
        let buckets: IdSet<u64> = (0..1000).map(|i| hash(&format!("n{i}")) & 1023).collect();
        assert!(buckets.len() > 500, "{} distinct buckets of 1024", buckets.len());
    }
}
