//! First-come-first-served resources whose waits are computed, not simulated step by step.
//!
//! For a FCFS queue in front of `c` identical workers, the customer that arrives next starts on the
//! worker that frees up first, at `max(arrival, that worker's free time)` (the Kiefer–Wolfowitz
//! workload recursion; Lindley's recursion when `c = 1`). So a server's cores and a store shard
//! need no "service finished" events of their own: admitting a customer yields its start and finish
//! times directly, which halves the event count. Customers must be admitted in arrival order —
//! the model guarantees this by admitting from events, which fire in time order.
//! `crate::validate` checks this shortcut against a classic event-by-event queue.

use std::collections::VecDeque;

use super::Nanos;

/// `c` FCFS workers sharing one unbounded waiting line.
#[derive(Debug, Clone)]
pub struct MultiServerFcfs {
    free_at: Vec<Nanos>,
}

/// When an admitted customer starts and finishes service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Service start (the end of its wait in line).
    pub start: Nanos,
    /// Service end.
    pub finish: Nanos,
}

/// [`MultiServerFcfs::admit`] on a bare slice of the workers' free times, so that many
/// resources can share one flat array (the cluster keeps every server's cores in one `Vec`: one
/// indexed load per request instead of two dependent ones). `free_at` must not be empty.
#[inline]
pub fn admit_earliest(free_at: &mut [Nanos], now: Nanos, service: Nanos) -> Slot {
    // A linear scan beats a heap for the handful of cores a server has (≤ 64 in practice).
    let mut best = 0;
    let mut best_t = Nanos::MAX;
    for (i, &t) in free_at.iter().enumerate() {
        if t < best_t {
            best_t = t;
            best = i;
            if t <= now {
                break;
            }
        }
    }
    let start = now.max(best_t);
    let finish = start.saturating_add(service);
    if let Some(f) = free_at.get_mut(best) {
        *f = finish;
    }
    Slot { start, finish }
}

impl MultiServerFcfs {
    /// `workers` idle workers (at least one is always created).
    #[must_use]
    pub fn new(workers: usize) -> Self {
        Self {
            free_at: vec![0; workers.max(1)],
        }
    }

    /// Admits a customer arriving at `now` needing `service` ns of work.
    #[inline]
    pub fn admit(&mut self, now: Nanos, service: Nanos) -> Slot {
        admit_earliest(&mut self.free_at, now, service)
    }

    /// Empties the resource at `now` (a crashed server comes back with idle cores).
    pub fn reset(&mut self, now: Nanos) {
        self.free_at.iter_mut().for_each(|t| *t = now);
    }

    /// The total work still queued or in service at `now`, in ns summed over workers.
    #[must_use]
    pub fn backlog(&self, now: Nanos) -> Nanos {
        self.free_at.iter().map(|&t| t.saturating_sub(now)).sum()
    }
}

/// One FCFS worker with a finite room (`capacity` customers waiting or in service), e.g. one
/// shard of a single-threaded store. A customer that finds the room full is refused, which is how
/// a saturated store turns into errors rather than unbounded delay.
#[derive(Debug, Clone)]
pub struct BoundedFcfs {
    /// Finish times of customers still in the system, in admission order (monotone for c = 1).
    in_system: VecDeque<Nanos>,
    capacity: usize,
    busy_ns: Nanos,
}

impl BoundedFcfs {
    /// An idle worker with room for `capacity` customers (at least one).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
        Self {
            in_system: VecDeque::with_capacity(capacity.clamp(1, 4096)),
            capacity: capacity.max(1),
            busy_ns: 0,
        }
    }

    /// Admits a customer at `now` needing `service` ns, or `None` when the room is full.
    #[inline]
    pub fn admit(&mut self, now: Nanos, service: Nanos) -> Option<Slot> {
        while self.in_system.front().is_some_and(|&f| f <= now) {
            self.in_system.pop_front();
        }
        if self.in_system.len() >= self.capacity {
            return None;
        }
        let start = self.in_system.back().map_or(now, |&f| f.max(now));
        let finish = start.saturating_add(service);
        self.in_system.push_back(finish);
        self.busy_ns = self.busy_ns.saturating_add(service);
        Some(Slot { start, finish })
    }

    /// Total service time admitted so far (for utilisation).
    #[must_use]
    pub fn busy_ns(&self) -> Nanos {
        self.busy_ns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_workers_hand_computed() {
        let mut q = MultiServerFcfs::new(2);
        // t=0 service 10 → worker A [0,10); t=1 service 10 → worker B [1,11);
        // t=2 service 5 → waits for A: [10,15); t=12 service 1 → B is free at 11: [12,13).
        assert_eq!(
            q.admit(0, 10),
            Slot {
                start: 0,
                finish: 10
            }
        );
        assert_eq!(
            q.admit(1, 10),
            Slot {
                start: 1,
                finish: 11
            }
        );
        assert_eq!(
            q.admit(2, 5),
            Slot {
                start: 10,
                finish: 15
            }
        );
        assert_eq!(
            q.admit(12, 1),
            Slot {
                start: 12,
                finish: 13
            }
        );
        assert_eq!(q.backlog(12), 3 + 1);
        q.reset(20);
        assert_eq!(
            q.admit(20, 1),
            Slot {
                start: 20,
                finish: 21
            }
        );
    }

    #[test]
    fn bounded_refuses_when_full_and_frees_room_over_time() {
        let mut q = BoundedFcfs::new(2);
        assert_eq!(
            q.admit(0, 10),
            Some(Slot {
                start: 0,
                finish: 10
            })
        );
        assert_eq!(
            q.admit(1, 10),
            Some(Slot {
                start: 10,
                finish: 20
            })
        );
        assert_eq!(q.admit(2, 10), None);
        // At t=10 the first customer has left: room for one more, queued behind the second.
        assert_eq!(
            q.admit(10, 5),
            Some(Slot {
                start: 20,
                finish: 25
            })
        );
        assert_eq!(q.busy_ns(), 25);
    }
}
