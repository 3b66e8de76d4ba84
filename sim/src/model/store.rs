//! The shared store: shards, each a bounded FCFS worker behind a network round trip, and outage
//! windows.
//!
//! Keys are spread over shards by a fixed hash of the user, as a real cluster would by key. A
//! saturated shard shows up first as queueing delay and then, once its room is full, as refused
//! operations — the two ways a session store hurts in production.

use crate::engine::{Dist, Nanos, SimRng, fcfs::BoundedFcfs, secs};
use crate::scenario;

/// Why a store operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFailure {
    /// The shard was in an outage window.
    Outage,
    /// The shard's room was full.
    Overload,
}

/// The shared store.
#[derive(Debug)]
pub struct Store {
    shards: Vec<BoundedFcfs>,
    /// `ceil(2^64 / shards)` (0 for one shard): [`Store::shard_of`] takes the remainder by
    /// multiplication (Lemire, Kaser & Kurz 2019, exact for 32-bit operands) instead of a 64-bit
    /// division on every store operation.
    shard_magic: u64,
    service: Dist,
    rtt: Dist,
    outages: Vec<(Nanos, Nanos, Option<u32>)>,
}

impl Store {
    /// Builds the store of a (validated) scenario.
    #[must_use]
    pub fn new(s: &scenario::Store) -> Self {
        let n = u64::from(s.shards.max(1));
        Self {
            shards: (0..s.shards.max(1))
                .map(|_| BoundedFcfs::new(s.capacity as usize))
                .collect(),
            shard_magic: if n == 1 { 0 } else { u64::MAX / n + 1 },
            service: s.service.to_dist(),
            rtt: s.rtt.to_dist(),
            outages: s
                .outages
                .iter()
                .map(|o| {
                    let start = secs(o.start_s);
                    (start, start.saturating_add(secs(o.duration_s)), o.shard)
                })
                .collect(),
        }
    }

    /// The shard holding `user`'s keys (Fibonacci hashing: cheap and well spread).
    #[must_use]
    pub fn shard_of(&self, user: u32) -> u32 {
        let h = u64::from(user).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
        // `h % shards` for `h < 2^32`: the fractional part of `h / shards` in 64 bits, times
        // `shards`, high half. The result is below the shard count, a u32.
        let frac = self.shard_magic.wrapping_mul(h);
        #[allow(clippy::cast_possible_truncation)]
        let s = ((u128::from(frac) * self.shards.len() as u128) >> 64) as u32;
        s
    }

    /// One network round trip drawn from the scenario's distribution.
    pub fn rtt(&self, rng: &mut SimRng) -> Nanos {
        self.rtt.sample(rng)
    }

    /// Whether `shard` is unreachable at `t`.
    #[must_use]
    pub fn is_down(&self, shard: u32, t: Nanos) -> bool {
        self.outages
            .iter()
            .any(|&(a, b, s)| t >= a && t < b && s.is_none_or(|s| s == shard))
    }

    /// An operation reaches `shard` at `now`: returns when the shard reads the key (service
    /// start) and when it answers (service end).
    ///
    /// # Errors
    /// Outage or full shard.
    pub fn serve(
        &mut self,
        shard: u32,
        now: Nanos,
        rng: &mut SimRng,
    ) -> Result<(Nanos, Nanos), StoreFailure> {
        if self.is_down(shard, now) {
            return Err(StoreFailure::Outage);
        }
        let service = self.service.sample(rng);
        match self.shards[shard as usize].admit(now, service) {
            Some(slot) => Ok((slot.start, slot.finish)),
            None => Err(StoreFailure::Overload),
        }
    }

    /// Busy fraction of the busiest shard over `duration`.
    #[must_use]
    pub fn max_utilisation(&self, duration: Nanos) -> f64 {
        if duration == 0 {
            return 0.0;
        }
        self.shards
            .iter()
            .map(|s| s.busy_ns() as f64 / duration as f64)
            .fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{DistSpec, Outage};

    fn store(capacity: u32) -> Store {
        Store::new(&scenario::Store {
            shards: 2,
            service: DistSpec::Constant { us: 10.0 },
            capacity,
            rtt: DistSpec::Constant { us: 100.0 },
            outages: vec![
                Outage {
                    start_s: 1.0,
                    duration_s: 1.0,
                    shard: Some(1),
                },
                Outage {
                    start_s: 5.0,
                    duration_s: 0.5,
                    shard: None,
                },
            ],
        })
    }

    #[test]
    fn outages_by_shard_and_global() {
        let s = store(10);
        assert!(!s.is_down(0, secs(1.5)));
        assert!(s.is_down(1, secs(1.5)));
        assert!(!s.is_down(1, secs(2.0)));
        assert!(s.is_down(0, secs(5.2)) && s.is_down(1, secs(5.2)));
        let mut r = SimRng::seed_from(1);
        assert_eq!(s.rtt(&mut r), 100_000);
    }

    #[test]
    fn queueing_then_overload() {
        let mut s = store(2);
        let mut r = SimRng::seed_from(1);
        assert_eq!(s.serve(0, 0, &mut r), Ok((0, 10_000)));
        assert_eq!(s.serve(0, 0, &mut r), Ok((10_000, 20_000)));
        assert_eq!(s.serve(0, 0, &mut r), Err(StoreFailure::Overload));
        assert_eq!(s.serve(1, secs(1.2), &mut r), Err(StoreFailure::Outage));
        assert!((s.max_utilisation(40_000) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn shard_of_is_the_hash_modulo_the_shard_count() {
        for shards in [1u32, 2, 3, 7, 16, 1_000, 65_537] {
            let mut st = store(1);
            st.shards = (0..shards).map(|_| BoundedFcfs::new(1)).collect();
            let n = u64::from(shards);
            st.shard_magic = if n == 1 { 0 } else { u64::MAX / n + 1 };
            let mut x = 1u32;
            for u in (0..5_000).chain([u32::MAX - 1, u32::MAX]) {
                x = x.wrapping_mul(747_796_405).wrapping_add(2_891_336_453);
                for user in [u, x] {
                    let h = u64::from(user).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
                    assert_eq!(u64::from(st.shard_of(user)), h % n, "{user} {shards}");
                }
            }
        }
    }

    #[test]
    fn users_spread_over_shards() {
        let s = store(1);
        let on_zero = (0..10_000).filter(|&u| s.shard_of(u) == 0).count();
        assert!((4_700..=5_300).contains(&on_zero), "{on_zero}");
    }
}
