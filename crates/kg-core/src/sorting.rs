//! One sort for the many small, rarely run sorts of the app: each `sort_unstable_by` with its
//! own element type and comparison is another ~3 KB copy of the standard library's sort in the
//! WebAssembly module; these callers share a single copy.
//!
//! The hot sorts (the adjacency's lists, the labels' priorities, search hits) keep
//! `sort_unstable`, whose comparisons are inlined.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, not stably (equal items may change order; every caller breaks
/// ties, so its result is the one `sort_unstable_by` gives).
///
/// It sorts the items' positions with a comparison called through a reference (one compiled
/// sort for every caller), then moves the items into that order.
///
/// # Arguments
/// * `items` - what to sort, in place.
/// * `compare` - the order, as for `sort_unstable_by`.
///
/// # Complexity
/// O(n log n) comparisons, each an indirect call; O(n) swaps; O(n) extra memory (the positions).
///
/// ```
/// let mut v = vec![(2, 'b'), (1, 'z'), (2, 'a')];
/// kg_core::sorting::sort_by(&mut v, |x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
/// assert_eq!(v, [(1, 'z'), (2, 'a'), (2, 'b')]);
/// ```
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = order_of(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// [`sort_by`] by a key (computed at every comparison, as `sort_unstable_by_key` does).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the order `compare` gives them: the one compiled sort.
fn order_of(n: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_unstable_by(|&a, &b| compare(a as usize, b as usize));
    order
}

/// Moves the item at `order[i]` to `i` for every `i`, following each cycle of the permutation
/// once (marking positions done in `order`).
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    const DONE: u32 = u32::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at] as usize;
            order[at] = DONE;
            if from == start {
                break;
            }
            // `at` takes its item; the item that was at `start` moves on to `from`.
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard sort, for items with repeated keys (ties broken by
        /// the payload, as every caller does).
        #[test]
        fn sorts_as_sort_unstable_by(items in proptest::collection::vec((0u8..8, any::<u32>()), 0..300)) {
            let mut ours = items.clone();
            let mut theirs = items;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            theirs.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            prop_assert_eq!(ours, theirs);
        }

        /// Every permutation is applied: the positions of a shuffled list come back in order.
        #[test]
        fn moves_every_item_once(n in 0usize..200, seed in any::<u64>()) {
            let mut v: Vec<String> = (0..n).map(|i| format!("{i:04}")).collect();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                v.swap(i, (s >> 33) as usize % (i + 1));
            }
            sort_by_key(&mut v, |x| x.clone());
            let expected: Vec<String> = (0..n).map(|i| format!("{i:04}")).collect();
            prop_assert_eq!(v, expected);
        }
    }

    #[test]
    fn sorts_floats_by_total_order_and_empty_slices() {
        let mut v = [(2.5f32, 0usize), (f32::NAN, 1), (-1.0, 2), (2.5, 3)];
        sort_by(&mut v, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        assert_eq!(v.iter().map(|p| p.1).collect::<Vec<_>>(), [2, 0, 3, 1]);
        let mut empty: [u8; 0] = [];
        sort_by(&mut empty, u8::cmp);
    }
}
