//! Servers and the load balancer.
//!
//! Each server is `cores` FCFS workers (see [`MultiServerFcfs`]) and an epoch number that changes
//! when it crashes, so work admitted before a crash is recognised as lost when its completion
//! event fires. Load balancing is O(1) per request for every policy: round-robin and random are
//! trivially so, and "least loaded" is the power-of-two-choices rule (the less busy of two random
//! live servers), which avoids an O(servers) scan per request and is known to keep the maximum
//! load within a small additive term of true least-loaded.

use crate::engine::fcfs::admit_earliest;
use crate::engine::{Nanos, SimRng};
use crate::scenario::Balancer;

/// The server tier.
#[derive(Debug)]
pub struct Cluster {
    /// When each core frees up: server `s` owns `free_at[s·cores .. (s+1)·cores]`, FCFS as in
    /// [`crate::engine::MultiServerFcfs`].
    free_at: Vec<Nanos>,
    cores: usize,
    up: Vec<bool>,
    epoch: Vec<u32>,
    in_flight: Vec<u32>,
    routed: Vec<u64>,
    live: u32,
    next_rr: u32,
    balancer: Balancer,
    busy_ns: u128,
}

impl Cluster {
    /// `servers` servers of `cores` cores, all up.
    #[must_use]
    pub fn new(servers: u32, cores: u32, balancer: Balancer) -> Self {
        let n = servers.max(1) as usize;
        Self {
            free_at: vec![0; n * cores.max(1) as usize],
            cores: cores.max(1) as usize,
            up: vec![true; n],
            epoch: vec![0; n],
            in_flight: vec![0; n],
            routed: vec![0; n],
            live: servers.max(1),
            next_rr: 0,
            balancer,
            busy_ns: 0,
        }
    }

    /// Number of servers.
    #[must_use]
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u32 {
        // Built from a u32 count, so the length fits.
        #[allow(clippy::cast_possible_truncation)]
        let n = self.up.len() as u32;
        n
    }

    /// Whether server `s` is up.
    #[must_use]
    pub fn is_up(&self, s: u32) -> bool {
        self.up[s as usize]
    }

    /// The crash epoch of server `s`.
    #[must_use]
    pub fn epoch(&self, s: u32) -> u32 {
        self.epoch[s as usize]
    }

    /// Picks a live server by the balancing policy, or `None` when every server is down.
    pub fn pick(&mut self, rng: &mut SimRng) -> Option<u32> {
        if self.live == 0 {
            return None;
        }
        let n = self.len();
        match self.balancer {
            Balancer::RoundRobin => {
                for _ in 0..n {
                    let s = self.next_rr;
                    self.next_rr = if s + 1 == n { 0 } else { s + 1 };
                    if self.up[s as usize] {
                        return Some(s);
                    }
                }
                None
            }
            Balancer::Random => Some(self.random_live(rng)),
            Balancer::LeastLoaded => {
                let a = self.random_live(rng);
                let b = self.random_live(rng);
                if self.in_flight[b as usize] < self.in_flight[a as usize] {
                    Some(b)
                } else {
                    Some(a)
                }
            }
        }
    }

    #[inline]
    fn random_live(&self, rng: &mut SimRng) -> u32 {
        let n = self.len();
        if self.live == n {
            // Every server is up: the first probe below would succeed, with the same draw.
            return rng.below(n);
        }
        // A few random probes almost always hit a live server; fall back to a scan so a cluster
        // with most servers down still terminates quickly and deterministically.
        for _ in 0..8 {
            let s = rng.below(n);
            if self.up[s as usize] {
                return s;
            }
        }
        let start = rng.below(n);
        (0..n)
            .map(|i| (start + i) % n)
            .find(|&s| self.up[s as usize])
            .unwrap_or(start)
    }

    /// Records that a request was routed to `s` and is now in flight there.
    pub fn route(&mut self, s: u32) {
        self.routed[s as usize] += 1;
        self.in_flight[s as usize] += 1;
    }

    /// A request routed to `s` finished (or failed) while `s` kept its epoch.
    pub fn leave(&mut self, s: u32) {
        let f = &mut self.in_flight[s as usize];
        *f = f.saturating_sub(1);
    }

    /// Queues `cpu` ns of work on server `s` at `now`; returns (start, finish).
    pub fn admit(&mut self, s: u32, now: Nanos, cpu: Nanos) -> (Nanos, Nanos) {
        self.busy_ns += u128::from(cpu);
        let a = s as usize * self.cores;
        let slot = admit_earliest(&mut self.free_at[a..a + self.cores], now, cpu);
        (slot.start, slot.finish)
    }

    /// Server `s` crashes: its work is lost (the epoch changes) and it takes no new requests.
    pub fn crash(&mut self, s: u32) {
        let i = s as usize;
        if self.up[i] {
            self.up[i] = false;
            self.live -= 1;
        }
        self.epoch[i] = self.epoch[i].wrapping_add(1);
        self.in_flight[i] = 0;
    }

    /// Server `s` comes back at `now`, idle and empty.
    pub fn restore(&mut self, s: u32, now: Nanos) {
        let i = s as usize;
        if !self.up[i] {
            self.up[i] = true;
            self.live += 1;
        }
        self.free_at[i * self.cores..(i + 1) * self.cores].fill(now);
    }

    /// Requests routed to each server so far.
    #[must_use]
    pub fn routed(&self) -> &[u64] {
        &self.routed
    }

    /// Total CPU admitted, ns.
    #[must_use]
    pub fn busy_ns(&self) -> u128 {
        self.busy_ns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_skips_dead_servers() {
        let mut c = Cluster::new(3, 1, Balancer::RoundRobin);
        let mut r = SimRng::seed_from(1);
        c.crash(1);
        let picks: Vec<_> = (0..4).map(|_| c.pick(&mut r)).collect();
        assert_eq!(picks, vec![Some(0), Some(2), Some(0), Some(2)]);
        c.crash(0);
        c.crash(2);
        assert_eq!(c.pick(&mut r), None);
        c.restore(1, 10);
        assert_eq!(c.pick(&mut r), Some(1));
        assert_eq!(c.epoch(1), 1);
    }

    #[test]
    fn least_loaded_prefers_the_idle_server() {
        let mut c = Cluster::new(2, 1, Balancer::LeastLoaded);
        let mut r = SimRng::seed_from(2);
        for _ in 0..5 {
            c.route(0);
        }
        // With two servers, the two probes differ half the time; server 1 must win whenever it
        // is probed, so it gets about 3/4 of picks and server 0 never wins against it.
        let ones = (0..1000).filter(|_| c.pick(&mut r) == Some(1)).count();
        assert!((700..=800).contains(&ones), "{ones}");
    }

    #[test]
    fn random_never_picks_a_dead_server() {
        let mut c = Cluster::new(10, 1, Balancer::Random);
        let mut r = SimRng::seed_from(3);
        for s in 0..9 {
            c.crash(s);
        }
        assert!((0..100).all(|_| c.pick(&mut r) == Some(9)));
    }
}
