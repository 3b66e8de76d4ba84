//! A fixed-capacity open-addressing hash map keyed by 16 uniformly random bytes.
//!
//! Shared by the session table, the JWT blocklist, the revoked-before list and the refresh-token
//! store. Keys are either random selectors from a CSPRNG or keyed SHA-256 fingerprints, so their
//! first eight bytes are used directly as the hash: an attacker cannot choose where an entry lands.
//! Linear probing with backward-shift deletion keeps the table free of tombstones; the number of
//! live entries is capped at 7/8 of the slots so an unsuccessful probe stays short. Every loop is
//! bounded by the slot count, so even a completely full table terminates.
//!
//! The map does not know about time, users or secrets; callers pass a `reclaim` predicate that
//! says which entries are dead and may be overwritten.

/// A map key: 16 uniformly distributed bytes.
pub(crate) type Key = [u8; 16];

/// Returned when the map already holds its maximum number of live entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Full;

/// The fixed map. `N` slots; at most [`FixedMap::CAPACITY`] live entries.
pub(crate) struct FixedMap<V: Copy, const N: usize> {
    slots: [Option<(Key, V)>; N],
    len: usize,
}

impl<V: Copy, const N: usize> FixedMap<V, N> {
    /// Maximum number of live entries: `N - N / 8`.
    pub(crate) const CAPACITY: usize = N - N / 8;

    /// An empty map. `N == 0` is refused at compile time.
    pub(crate) const fn new() -> Self {
        const {
            assert!(N > 0, "capacity must be at least 1");
        }
        Self {
            slots: [None; N],
            len: 0,
        }
    }

    pub(crate) const fn len(&self) -> usize {
        self.len
    }

    fn home(key: &Key) -> usize {
        let mut h = [0u8; 8];
        h.copy_from_slice(&key[..8]);
        // N > 0 (checked in `new`), so the remainder is in range.
        (u64::from_le_bytes(h) % N as u64) as usize
    }

    fn next(i: usize) -> usize {
        if i + 1 >= N { 0 } else { i + 1 }
    }

    /// Slot index of `key`, if present.
    pub(crate) fn find(&self, key: &Key) -> Option<usize> {
        let mut i = Self::home(key);
        for _ in 0..N {
            match &self.slots[i] {
                None => return None,
                Some((k, _)) if k == key => return Some(i),
                Some(_) => i = Self::next(i),
            }
        }
        None
    }

    pub(crate) fn get(&self, key: &Key) -> Option<&V> {
        let i = self.find(key)?;
        self.slots[i].as_ref().map(|(_, v)| v)
    }

    pub(crate) fn get_mut(&mut self, key: &Key) -> Option<&mut V> {
        let i = self.find(key)?;
        self.slots[i].as_mut().map(|(_, v)| v)
    }

    /// Inserts or replaces. Dead entries (per `reclaim`) on the probe path are overwritten
    /// instead of consuming a free slot. Returns [`Full`] with the map unchanged when there is
    /// no room.
    pub(crate) fn insert(
        &mut self,
        key: Key,
        value: V,
        mut reclaim: impl FnMut(&V) -> bool,
    ) -> Result<(), Full> {
        let mut i = Self::home(&key);
        let mut dead: Option<usize> = None;
        let mut empty: Option<usize> = None;
        for _ in 0..N {
            match &mut self.slots[i] {
                None => {
                    empty = Some(i);
                    break;
                }
                Some((k, v)) if *k == key => {
                    *v = value;
                    return Ok(());
                }
                Some((_, v)) => {
                    if dead.is_none() && reclaim(v) {
                        dead = Some(i);
                    }
                    i = Self::next(i);
                }
            }
        }
        // Overwriting a dead entry on this key's own probe path keeps every other key reachable:
        // the slot stays occupied, so no probe sequence is cut short.
        if let Some(d) = dead {
            self.slots[d] = Some((key, value));
            return Ok(());
        }
        match empty {
            Some(e) if self.len < Self::CAPACITY => {
                self.slots[e] = Some((key, value));
                self.len += 1;
                Ok(())
            }
            _ => Err(Full),
        }
    }

    /// Removes the entry at slot `idx` (if any) and closes the gap by backward shifting.
    pub(crate) fn remove_at(&mut self, idx: usize) -> Option<V> {
        let (_, removed) = self.slots.get_mut(idx)?.take()?;
        self.len -= 1;
        let mut hole = idx;
        let mut j = idx;
        for _ in 0..N {
            j = Self::next(j);
            let Some((k, _)) = &self.slots[j] else { break };
            let h = Self::home(k);
            // The entry at `j` may fill the hole only if the hole lies on its probe path h..=j.
            let dist_home = (j + N - h) % N;
            let dist_hole = (j + N - hole) % N;
            if dist_home >= dist_hole {
                self.slots[hole] = self.slots[j].take();
                hole = j;
            }
        }
        Some(removed)
    }

    pub(crate) fn remove(&mut self, key: &Key) -> Option<V> {
        let i = self.find(key)?;
        self.remove_at(i)
    }

    /// Removes every entry for which `keep` returns false; returns how many were removed. O(N).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&Key, &V) -> bool) -> usize {
        let mut removed = 0;
        let mut i = 0;
        // Each step either advances `i` or removes an entry, so this ends within N + len steps.
        while i < N {
            let drop_it = match &self.slots[i] {
                Some((k, v)) => !keep(k, v),
                None => false,
            };
            if drop_it {
                self.remove_at(i);
                removed += 1;
                // A backward shift may have moved an unvisited entry into slot `i`: look again.
            } else {
                i += 1;
            }
        }
        removed
    }

    /// Drops every entry. O(N).
    pub(crate) fn clear(&mut self) {
        self.slots = [None; N];
        self.len = 0;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashMap;
    use std::vec::Vec;

    fn key(home: u64, tag: u8) -> Key {
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&home.to_le_bytes());
        k[8] = tag;
        k
    }

    #[test]
    fn capacity_is_seven_eighths() {
        assert_eq!(FixedMap::<u8, 8>::CAPACITY, 7);
        assert_eq!(FixedMap::<u8, 16>::CAPACITY, 14);
        assert_eq!(FixedMap::<u8, 1>::CAPACITY, 1);
        assert_eq!(FixedMap::<u8, 131_072>::CAPACITY, 114_688);
    }

    #[test]
    fn full_map_is_unchanged() {
        let mut m = FixedMap::<u32, 8>::new();
        for t in 0..7 {
            m.insert(key(3, t), u32::from(t), |_| false).unwrap();
        }
        assert_eq!(m.insert(key(3, 99), 99, |_| false), Err(Full));
        assert_eq!(m.len(), 7);
        for t in 0..7 {
            assert_eq!(m.get(&key(3, t)), Some(&u32::from(t)));
        }
        assert_eq!(m.get(&key(3, 99)), None);
        // Replacing an existing key still works when full.
        m.insert(key(3, 2), 200, |_| false).unwrap();
        assert_eq!(m.get(&key(3, 2)), Some(&200));
        // A dead entry on the probe path is reused.
        m.insert(key(3, 50), 50, |v| *v == 4).unwrap();
        assert_eq!(m.get(&key(3, 4)), None);
        assert_eq!(m.get(&key(3, 50)), Some(&50));
        assert_eq!(m.len(), 7);
    }

    #[test]
    fn wraparound_cluster_survives_removal() {
        let mut m = FixedMap::<u32, 8>::new();
        // Homes 6, 7, 7, 6 → cluster wraps to slots 0 and 1.
        m.insert(key(6, 0), 0, |_| false).unwrap();
        m.insert(key(7, 1), 1, |_| false).unwrap();
        m.insert(key(7, 2), 2, |_| false).unwrap();
        m.insert(key(6, 3), 3, |_| false).unwrap();
        assert_eq!(m.remove(&key(6, 0)), Some(0));
        for t in 1..4 {
            assert_eq!(
                m.get(&key(if t == 3 { 6 } else { 7 }, t)),
                Some(&u32::from(t))
            );
        }
        assert_eq!(m.retain(|_, v| *v != 2), 1);
        assert_eq!(m.get(&key(7, 1)), Some(&1));
        assert_eq!(m.get(&key(6, 3)), Some(&3));
        assert_eq!(m.len(), 2);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, u8, u32),
        Remove(u8, u8),
        RetainOdd,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u8..16, 0u8..4, any::<u32>()).prop_map(|(h, t, v)| Op::Insert(h, t, v)),
            2 => (0u8..16, 0u8..4).prop_map(|(h, t)| Op::Remove(h, t)),
            1 => Just(Op::RetainOdd),
        ]
    }

    proptest! {
        /// The map behaves exactly like a `HashMap` with a size cap, under heavy collisions
        /// (16 slots, homes drawn from 16 values, 4 keys per home).
        #[test]
        fn matches_reference_model(ops in proptest::collection::vec(op(), 1..200)) {
            let mut m = FixedMap::<u32, 16>::new();
            let mut model: HashMap<Key, u32> = HashMap::new();
            for o in ops {
                match o {
                    Op::Insert(h, t, v) => {
                        let k = key(u64::from(h), t);
                        let r = m.insert(k, v, |_| false);
                        if model.contains_key(&k) || model.len() < 14 {
                            prop_assert_eq!(r, Ok(()));
                            model.insert(k, v);
                        } else {
                            prop_assert_eq!(r, Err(Full));
                        }
                    }
                    Op::Remove(h, t) => {
                        let k = key(u64::from(h), t);
                        prop_assert_eq!(m.remove(&k), model.remove(&k));
                    }
                    Op::RetainOdd => {
                        let before = model.len();
                        model.retain(|_, v| *v % 2 == 1);
                        prop_assert_eq!(m.retain(|_, v| *v % 2 == 1), before - model.len());
                    }
                }
                prop_assert_eq!(m.len(), model.len());
                for h in 0..16u64 {
                    for t in 0..4u8 {
                        let k = key(h, t);
                        prop_assert_eq!(m.get(&k), model.get(&k));
                    }
                }
                let live: Vec<_> = m.slots.iter().flatten().collect();
                prop_assert_eq!(live.len(), model.len());
            }
        }
    }
}
