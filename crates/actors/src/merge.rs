//! Merging lists that are already sorted, as a stable sort of their concatenation would
//! order them, without the sort's buffer and its page faults: the mention lists of a long
//! text take many megabytes.

/// The elements of `a` then `b` in the order a stable sort by `key` gives them: merged
/// when both are sorted by `key` (an element of `a` first on equal keys), sorted
/// otherwise; `visit` sees each element once, in that order. `a_sorted` says that `a` is
/// known to be sorted (it is then not checked). Both lists are left empty, with their
/// capacity.
pub(crate) fn merged<T, K: Ord>(
    a: &mut Vec<T>,
    a_sorted: bool,
    b: &mut Vec<T>,
    key: impl Fn(&T) -> K,
    mut visit: impl FnMut(&mut T),
) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let sorted = |v: &[T]| v.is_sorted_by(|x, y| key(x) <= key(y));
    if !((a_sorted || sorted(a)) && sorted(b)) {
        out.append(a);
        out.append(b);
        out.sort_by_key(key);
        out.iter_mut().for_each(visit);
        return out;
    }
    let mut moved = |mut x: T| {
        visit(&mut x);
        x
    };
    let (mut a, mut b) = (a.drain(..), b.drain(..));
    // each step moves the longest run of one list that goes before the other's next one
    while let (Some(x), Some(y)) = (a.as_slice().first(), b.as_slice().first()) {
        let (kx, ky) = (key(x), key(y));
        if kx <= ky {
            let n = a.as_slice().iter().take_while(|x| key(x) <= ky).count();
            out.extend(a.by_ref().take(n).map(&mut moved));
        } else {
            let n = b.as_slice().iter().take_while(|y| key(y) < kx).count();
            out.extend(b.by_ref().take(n).map(&mut moved));
        }
    }
    out.extend(a.map(&mut moved));
    out.extend(b.map(&mut moved));
    out
}

/// Puts the elements of `added` into `list` (sorted by `key`) in the order a stable sort
/// of `list` then `added` by `key` gives them, moving only the elements of `list` after
/// the first place an element goes in. `hole` makes a cheap stand-in element. Falls back
/// to that sort when `list` is not sorted.
pub(crate) fn insert_sorted<T, K: Ord>(
    list: &mut Vec<T>,
    mut added: Vec<T>,
    key: impl Fn(&T) -> K,
    hole: impl Fn() -> T,
) {
    if !list.is_sorted_by(|x, y| key(x) <= key(y)) {
        list.append(&mut added);
        list.sort_by_key(key);
        return;
    }
    added.sort_by_key(&key);
    let mut i = list.len();
    list.extend(added.iter().map(|_| hole()));
    // from the back: `list[i..w]` holds stand-ins only; an element of `added` goes after
    // the elements of `list` with an equal key
    let mut w = list.len();
    while let Some(last) = added.last() {
        if i > 0 && key(&list[i - 1]) > key(last) {
            list.swap(i - 1, w - 1);
            i -= 1;
        } else if let Some(x) = added.pop() {
            list[w - 1] = x;
        }
        w -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency needed for a test).
    fn numbers(seed: u64, n: usize, max: u64) -> Vec<u64> {
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % max
            })
            .collect()
    }

    /// Elements (key, origin, index) so that the order among equal keys is visible.
    fn tagged(keys: &[u64], origin: u8) -> Vec<(u64, u8, usize)> {
        keys.iter()
            .enumerate()
            .map(|(i, &k)| (k, origin, i))
            .collect()
    }

    fn stable_sorted(a: &[(u64, u8, usize)], b: &[(u64, u8, usize)]) -> Vec<(u64, u8, usize)> {
        let mut want: Vec<_> = a.iter().chain(b).copied().collect();
        want.sort_by_key(|t| t.0);
        want
    }

    #[test]
    fn merging_gives_the_stable_sort_of_both_lists() {
        for seed in 0..200 {
            let (n, m) = (seed as usize % 13, seed as usize % 7 * 3);
            let mut ka = numbers(seed, n, 6);
            let mut kb = numbers(seed + 1000, m, 6);
            // most lists sorted, some not: both must give the stable sort
            if seed % 5 != 0 {
                ka.sort_unstable();
                kb.sort_unstable();
            }
            let (mut a, mut b) = (tagged(&ka, 0), tagged(&kb, 1));
            let want = stable_sorted(&a, &b);
            // every element is visited once, in the order given back
            let mut seen = Vec::new();
            let got = merged(&mut a, false, &mut b, |t| t.0, |t| seen.push(*t));
            assert_eq!(got, want, "seed {seed}");
            assert_eq!(seen, want, "seed {seed}");
            assert!(a.is_empty() && b.is_empty());
        }
    }

    #[test]
    fn inserting_gives_the_stable_sort_of_both_lists() {
        for seed in 0..200 {
            let (n, m) = (seed as usize % 17, seed as usize % 5 * 2);
            let mut ka = numbers(seed, n, 8);
            if seed % 4 != 0 {
                ka.sort_unstable();
            }
            // the added elements come in any order
            let kb = numbers(seed + 7, m, 8);
            let (mut list, added) = (tagged(&ka, 0), tagged(&kb, 1));
            let want = stable_sorted(&list, &added);
            insert_sorted(&mut list, added, |t| t.0, || (99, 9, 0));
            assert_eq!(list, want, "seed {seed}");
        }
    }

    #[test]
    fn strings_survive_the_moves() {
        let mut list: Vec<String> = ["b", "d", "f"].map(String::from).to_vec();
        let added = ["e", "a", "g", "d"].map(String::from).to_vec();
        insert_sorted(&mut list, added, |s| s.clone(), String::new);
        assert_eq!(list, ["a", "b", "d", "d", "e", "f", "g"]);
        let mut x = vec![String::from("c")];
        let mut y = vec![String::from("a"), String::from("z")];
        assert_eq!(
            merged(&mut x, true, &mut y, |s| s.clone(), |_| {}),
            ["a", "c", "z"]
        );
    }
}
