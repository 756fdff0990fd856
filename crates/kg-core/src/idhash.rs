//! A fast hasher for maps keyed by the graph's string ids (the FxHash mixing step, over 8 bytes
//! at a time), and the index from ids to nodes built on it ([`IdIndex`]). Loading a
//! 100,000-node file hashes every id three times or more; SipHash made that a visible share of
//! the load.
//!
//! Not resistant to crafted collisions. In the browser this loses nothing: on
//! `wasm32-unknown-unknown` the standard `RandomState` has no entropy to draw keys from either.

use crate::graph::NodeId;
use crate::model::Text;
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

/// The node of each string id. Ids that number the nodes in order — one prefix, then 0, 1, 2, …
/// (or any first number) in plain decimal, as networkx's integer nodes and generated graphs are
/// written — are found by their number, with no table at all; any other id list is kept in an
/// [`IdMap`]. Loading a million-node file looks an id up twice per edge: in a table of a million
/// keys each look-up is a couple of cache misses, which was half the reading.
///
/// Answers exactly as an [`IdMap`] holding the same ids would.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    ids: Ids,
    len: usize,
    /// How many ids are expected: the room the map is given if it is needed.
    expected: usize,
}

#[derive(Debug, Clone)]
enum Ids {
    /// Node k's id is the prefix and then `first + k` in plain decimal (no sign, no leading
    /// zero), for every k below the index's `len`.
    Numbered { prefix: String, first: u64 },
    Map(IdMap<Text, NodeId>),
}

impl Default for Ids {
    fn default() -> Ids {
        Ids::Map(IdMap::default())
    }
}

/// True when `a` and `b` are the same text. A loop over the bytes, inlined where it is used:
/// the size build compares strings by calling `memcmp`, a byte loop of its own behind a call,
/// and the browser's baseline compiler (where a large file's reading mostly runs) makes that call
/// cost more than comparing the few bytes of a key, a type or an id's prefix.
#[inline(always)]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// An id's prefix and the number it ends with, when it ends with a number in plain decimal (at
/// most 18 digits, no leading zero but for the number 0 itself).
#[inline(never)] // One copy for every caller: the app's module is built for size.
fn split_number(id: &str) -> Option<(&str, u64)> {
    // Plain loops over the bytes: this runs twice for every edge of a large file, mostly in the
    // browser's baseline compiler, which calls each iterator adapter the size build leaves out
    // of line (three times slower than these loops there).
    let bytes = id.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_digit() {
        start -= 1;
    }
    let digits = bytes.len() - start;
    if digits == 0 || digits > 18 || (digits > 1 && bytes[start] == b'0') {
        return None;
    }
    let mut number = 0u64;
    let mut at = start;
    while at < bytes.len() {
        number = number * 10 + u64::from(bytes[at] - b'0');
        at += 1;
    }
    // `start` is at an ASCII digit or the end: a character boundary.
    Some((id.get(..start)?, number))
}

/// Adds `id` to `map` unless it is there already; true when it was added.
fn add(map: &mut IdMap<Text, NodeId>, id: Text, node: NodeId) -> bool {
    match map.entry(id) {
        std::collections::hash_map::Entry::Occupied(_) => false,
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(node);
            true
        }
    }
}

impl IdIndex {
    /// An empty index with room for `expected` ids should they need a map.
    pub fn with_capacity(expected: usize) -> IdIndex {
        IdIndex { expected, ..IdIndex::default() }
    }

    /// How many ids the index holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the index holds no id.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node with this id.
    ///
    /// # Complexity
    /// O(length of `id`): no memory is read but the id's own bytes while the ids number the
    /// nodes; else one hash-map look-up.
    #[cfg_attr(kg_nightly, optimize(speed))]
    pub fn get(&self, id: &str) -> Option<NodeId> {
        match &self.ids {
            Ids::Numbered { prefix: numbered, first } => {
                let (prefix, number) = split_number(id)?;
                let k = number.checked_sub(*first)?;
                (same_text(numbered, prefix) && k < self.len as u64).then_some(NodeId(k as u32))
            }
            Ids::Map(map) => map.get(id).copied(),
        }
    }

    /// Adds `id` as the id of `node`; false (and nothing changes) when the index has it already.
    pub fn insert(&mut self, id: &Text, node: NodeId) -> bool {
        if self.len == 0 {
            if let (Some((prefix, first)), 0) = (split_number(id), node.0) {
                self.ids = Ids::Numbered { prefix: prefix.into(), first };
                self.len = 1;
                return true;
            }
            // Ids of any other shape: the map gets its room at once rather than by doubling.
            if let Ids::Map(map) = &mut self.ids {
                map.reserve(self.expected);
            }
        }
        if let Ids::Numbered { prefix: numbered, first } = &self.ids {
            let next = first + self.len as u64;
            if node.index() == self.len && split_number(id).is_some_and(|(prefix, number)| number == next && same_text(numbered, prefix)) {
                self.len += 1;
                return true;
            }
            self.fill_map();
        }
        let Ids::Map(map) = &mut self.ids else { unreachable!("the numbered ids were put in the map") };
        let added = add(map, id.clone(), node);
        self.len += usize::from(added);
        added
    }

    /// Puts the numbered ids into a map, from which the index answers from now on.
    #[cold]
    #[inline(never)]
    fn fill_map(&mut self) {
        let Ids::Numbered { prefix, first } = &self.ids else { return };
        let mut map = IdMap::with_capacity_and_hasher(self.expected.max(self.len + 1), Default::default());
        for k in 0..self.len {
            add(&mut map, Text::from(format!("{prefix}{}", first + k as u64)), NodeId(k as u32));
        }
        self.ids = Ids::Map(map);
    }
}

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

    /// Fills an [`IdIndex`] and a plain map with `ids` (node i's id is `ids[i]`, the first node
    /// with an id keeping it), checks that both take and refuse the same ids and answer every id
    /// and `probes` alike, and says whether the index still finds ids by their number.
    fn check_index(ids: &[&str], probes: &[&str]) -> bool {
        let mut index = IdIndex::with_capacity(ids.len());
        let mut map: IdMap<Text, NodeId> = IdMap::default();
        for (i, &id) in ids.iter().enumerate() {
            let fresh = !map.contains_key(id);
            if fresh {
                map.insert(id.into(), NodeId(i as u32));
            }
            assert_eq!(index.insert(&id.into(), NodeId(i as u32)), fresh, "inserting {id:?} after {:?}", &ids[..i]);
            assert_eq!(index.len(), map.len());
        }
        for &probe in ids.iter().chain(probes) {
            assert_eq!(index.get(probe), map.get(probe).copied(), "{probe:?} in {ids:?}");
        }
        matches!(index.ids, Ids::Numbered { .. })
    }

    #[test]
    fn ids_that_number_the_nodes_are_found_by_their_number_and_any_other_by_the_map() {
        let odd = ["", "n", "n-1", "n+1", "n01", "n00", "n 1", "N1", "nn1", "n1.0", "n１", "1", "0", "n99999999999999999999", "n18446744073709551616"];
        let n: Vec<String> = (0..1200).map(|i| format!("n{i}")).collect();
        let n: Vec<&str> = n.iter().map(String::as_str).collect();
        assert!(check_index(&n, &odd), "n0, n1, … by number");
        assert!(check_index(&n[..1], &["n1", "n0"]));
        let probes_past: Vec<String> = ["n1200", "n1199", "n12000"].map(String::from).to_vec();
        let probes_past: Vec<&str> = probes_past.iter().map(String::as_str).collect();
        assert!(check_index(&n, &probes_past));
        // networkx's integer nodes (0, 1, 2, …), numbers from 1, a prefix with digits inside it,
        // CJK prefixes, and numbers past what a u32 holds.
        assert!(check_index(&["0", "1", "2", "3"], &["4", "00", "-1", "01", ""]));
        assert!(check_index(&["1", "2", "3"], &["0", "4", "1", "3"]));
        assert!(check_index(&["a1b7", "a1b8", "a1b9", "a1b10"], &["a1b6", "a1b11", "a1b", "a2b8", "b8"]));
        assert!(check_index(&["人物1", "人物2"], &["人物0", "人物3", "人物"]));
        assert!(check_index(&["x9999999999", "x10000000000"], &["x9999999998", "x10000000001"]));
        // A break in the numbering: everything from then on is in the map, answered alike.
        let mut broken = n[..600].to_vec();
        broken.extend(["n601", "n600", "p:李明", "n602", "n0", "n600", "n1199"]);
        assert!(!check_index(&broken, &odd));
        for ids in [
            &["n0", "n0", "n1"][..],
            &["n0", "m1"],
            &["n0", "n2", "n1"],
            &["n01", "n02"],
            &["a", "b", "a"],
            &["n1", "n0"],
            &["n0", "n1", "n2", "a"],
            &["", "n0"],
            &["0", "00"],
        ] {
            assert!(!check_index(ids, &odd), "{ids:?} is not numbered");
        }
        // Nodes whose index is not the count so far (a duplicate left out before them) are kept
        // at their index.
        let mut index = IdIndex::with_capacity(3);
        assert!(index.insert(&"n0".into(), NodeId(0)));
        assert!(index.insert(&"n1".into(), NodeId(2)));
        assert_eq!((index.get("n0"), index.get("n1"), index.get("n2")), (Some(NodeId(0)), Some(NodeId(2)), None));
        assert!(IdIndex::default().is_empty());
    }
}
