//! The future-event list: a calendar queue (time buckets) ordered by (time, insertion
//! sequence), with a 4-ary heap for events beyond the calendar's horizon.
//!
//! Ordering ties by a sequence number makes runs deterministic: two events at the same nanosecond
//! always fire in the order they were scheduled, whatever the queue's internal layout.
//!
//! Why not `std::collections::BinaryHeap`: profiling the simulator's reference run (callgrind)
//! showed its `pop` was a third of every instruction executed, and still a quarter with a 4-ary
//! heap: every pop sifts an entry through `log n` levels. A calendar queue (Brown, 1988) makes
//! both operations O(1) for the event populations a simulation has, because almost every event is
//! scheduled less than a few milliseconds ahead:
//! - The next [`BUCKETS`] intervals of `2^shift` ns ("one year", starting at the interval that
//!   holds the current time) each have a bucket: a short linked list of events in a shared node
//!   pool. Scheduling is a shift, a mask and a list push; a bitmap of non-empty buckets lets a pop
//!   skip empty intervals 64 at a time.
//! - A pop takes the least (time, sequence) event of the current bucket. Every bucket holds only
//!   events of its own interval of the current year, so that is the least event overall.
//! - Events beyond the year wait in a 4-ary heap and move into the calendar as the year advances
//!   (each at most once): only rare far-future events (revocation timers, server restores, the
//!   latency tail) pay a heap's cost.
//!
//! The bucket width is a performance choice only (any width gives the same order): about one
//! event per bucket is ideal, so the model sizes it from its expected event rate
//! ([`EventQueue::for_event_rate`]).

use super::Nanos;

/// One scheduled event: when it fires, its tie-breaking sequence number, and the model's payload.
#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    time: Nanos,
    seq: u64,
    payload: E,
}

impl<E> Entry<E> {
    /// The total order of events as one integer: time first, then sequence.
    #[inline]
    fn key(&self) -> u128 {
        (u128::from(self.time) << 64) | u128::from(self.seq)
    }
}

/// A calendar entry: the event and the next node of its bucket's list.
#[derive(Debug, Clone, Copy)]
struct Node<E> {
    e: Entry<E>,
    next: u32,
}

/// Buckets in the calendar (one "year").
pub const BUCKETS: usize = 1 << 13;
/// End of a list.
const NIL: u32 = u32::MAX;
/// Default bucket width: 2^10 ns ≈ 1 µs.
const DEFAULT_SHIFT: u32 = 10;

/// A deterministic priority queue of events and the simulation clock.
///
/// `now()` is the time of the last event popped; scheduling in the past is clamped to `now()` so a
/// model bug cannot make time run backwards.
#[derive(Debug)]
pub struct EventQueue<E> {
    /// Node pool of the calendar's lists; `free` heads the list of unused nodes.
    nodes: Vec<Node<E>>,
    free: u32,
    /// First node of each bucket's list.
    heads: Vec<u32>,
    /// Bit `b % 64` of word `b / 64` set when bucket `b` is non-empty.
    occupied: Vec<u64>,
    /// Events in the calendar.
    in_calendar: usize,
    /// log2 of the bucket width in ns.
    shift: u32,
    /// Start of the current bucket's interval (a multiple of the width, ≤ `now`).
    base: Nanos,
    /// The current bucket: `(base >> shift) % BUCKETS`.
    cur: usize,
    /// Events at or beyond `base + BUCKETS · width`: a 4-ary min-heap.
    far: Vec<Entry<E>>,
    seq: u64,
    now: Nanos,
    popped: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue at time zero, with buckets of about a microsecond.
    #[must_use]
    pub fn new() -> Self {
        Self::with_shift(DEFAULT_SHIFT)
    }

    /// An empty queue for a simulation that processes about `events_per_s` events per simulated
    /// second: buckets about one mean inter-event gap wide.
    #[must_use]
    pub fn for_event_rate(events_per_s: f64) -> Self {
        let gap_ns = if events_per_s > 0.0 {
            1e9 / events_per_s
        } else {
            1e9
        };
        // The power of two between one and two mean gaps (floor(log2(gap)) + 1, within 0..=40):
        // measured on the reference scenario, slightly fewer instructions than one gap or less
        // (more empty buckets to skip) and than four (longer lists to scan).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let shift = (gap_ns.log2().floor() + 1.0).clamp(0.0, 40.0) as u32;
        Self::with_shift(shift)
    }

    /// An empty queue with buckets `2^shift` ns wide (`shift` is clamped to 0..=40).
    #[must_use]
    pub fn with_shift(shift: u32) -> Self {
        Self {
            nodes: Vec::with_capacity(1024),
            free: NIL,
            heads: vec![NIL; BUCKETS],
            occupied: vec![0; BUCKETS / 64],
            in_calendar: 0,
            shift: shift.min(40),
            base: 0,
            cur: 0,
            far: Vec::new(),
            seq: 0,
            now: 0,
            popped: 0,
        }
    }

    /// The current simulated time.
    #[must_use]
    pub fn now(&self) -> Nanos {
        self.now
    }

    /// How many events have been popped so far (the engine's throughput counter).
    #[must_use]
    pub fn events_processed(&self) -> u64 {
        self.popped
    }

    /// How many events are waiting.
    #[must_use]
    pub fn len(&self) -> usize {
        self.in_calendar + self.far.len()
    }

    /// Whether no event is waiting.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether `time` (≥ `base`) falls in the calendar's year. Written as a difference so that a
    /// year reaching past `u64::MAX` covers every later time.
    #[inline]
    fn in_year(&self, time: Nanos) -> bool {
        time.wrapping_sub(self.base) < (BUCKETS as u64) << self.shift
    }

    /// The bucket of a time within the year.
    #[inline]
    fn bucket_of(&self, time: Nanos) -> usize {
        // Masked to the bucket count, so the cast cannot truncate anything that matters.
        #[allow(clippy::cast_possible_truncation)]
        let b = (time >> self.shift) as usize & (BUCKETS - 1);
        b
    }

    /// Puts an entry in the calendar (its time must be in `[base, horizon)`).
    #[inline]
    fn insert_calendar(&mut self, e: Entry<E>) {
        let b = self.bucket_of(e.time);
        let next = self.heads[b];
        let node = Node { e, next };
        let i = if self.free == NIL {
            self.nodes.push(node);
            u32::try_from(self.nodes.len() - 1).unwrap_or(NIL)
        } else {
            let i = self.free;
            self.free = self.nodes[i as usize].next;
            self.nodes[i as usize] = node;
            i
        };
        self.heads[b] = i;
        self.occupied[b / 64] |= 1 << (b % 64);
        self.in_calendar += 1;
    }

    /// Schedules `payload` at absolute time `time` (clamped to now).
    #[inline]
    pub fn schedule_at(&mut self, time: Nanos, payload: E) {
        let time = time.max(self.now);
        let seq = self.seq;
        self.seq += 1;
        let e = Entry { time, seq, payload };
        if self.in_year(time) {
            self.insert_calendar(e);
        } else {
            heap_push(&mut self.far, e);
        }
    }

    /// Schedules `payload` `delay` nanoseconds from now.
    pub fn schedule_in(&mut self, delay: Nanos, payload: E) {
        self.schedule_at(self.now.saturating_add(delay), payload);
    }

    /// The first non-empty bucket at or after `cur` in calendar order, as a distance from `cur`.
    fn next_occupied(&self) -> Option<usize> {
        let words = BUCKETS / 64;
        let (w0, bit) = (self.cur / 64, self.cur % 64);
        // The current word from `cur` on, the other words in order, then the current word's
        // bits before `cur` (the end of the year).
        let first = self.occupied[w0] >> bit;
        if first != 0 {
            return Some(first.trailing_zeros() as usize);
        }
        for k in 1..=words {
            let w = (w0 + k) % words;
            let mut bits = self.occupied[w];
            if k == words {
                bits &= (1u64 << bit).wrapping_sub(1);
            }
            if bits != 0 {
                return Some(k * 64 - bit + bits.trailing_zeros() as usize);
            }
        }
        None
    }

    /// Moves the calendar's start to the next non-empty bucket (or, if the calendar is empty, to
    /// the bucket of the earliest far event) and pulls far events that the new year covers.
    /// Returns `false` when there is no event at all.
    #[cold]
    fn advance(&mut self) -> bool {
        if let Some(d) = self.next_occupied() {
            self.cur = (self.cur + d) & (BUCKETS - 1);
            self.base += (d as u64) << self.shift;
        } else if let Some(top) = self.far.first() {
            self.base = (top.time >> self.shift) << self.shift;
            self.cur = self.bucket_of(top.time);
        } else {
            return false;
        }
        while self.far.first().is_some_and(|e| self.in_year(e.time)) {
            if let Some(e) = heap_pop(&mut self.far) {
                self.insert_calendar(e);
            }
        }
        true
    }

    /// The time of the next event, if any, without removing it.
    #[must_use]
    pub fn peek_time(&self) -> Option<Nanos> {
        let Some(d) = self.next_occupied() else {
            return self.far.first().map(|e| e.time);
        };
        let b = (self.cur + d) & (BUCKETS - 1);
        let mut i = self.heads[b];
        let mut best: Option<Entry<E>> = None;
        while i != NIL {
            let n = self.nodes[i as usize];
            if best.is_none_or(|b| n.e.key() < b.key()) {
                best = Some(n.e);
            }
            i = n.next;
        }
        best.map(|e| e.time)
    }

    /// Removes the earliest event, advances the clock to it and returns it.
    #[inline]
    pub fn pop(&mut self) -> Option<(Nanos, E)> {
        while self.heads[self.cur] == NIL {
            if !self.advance() {
                return None;
            }
        }
        // The least (time, sequence) entry of the current bucket, and the node before it.
        let head = self.heads[self.cur];
        let (mut best, mut best_prev) = (head, NIL);
        let mut best_key = self.nodes[head as usize].e.key();
        let (mut prev, mut i) = (head, self.nodes[head as usize].next);
        while i != NIL {
            let n = self.nodes[i as usize];
            let k = n.e.key();
            if k < best_key {
                (best, best_prev, best_key) = (i, prev, k);
            }
            (prev, i) = (i, n.next);
        }
        let node = self.nodes[best as usize];
        if best_prev == NIL {
            self.heads[self.cur] = node.next;
            if node.next == NIL {
                self.occupied[self.cur / 64] &= !(1 << (self.cur % 64));
            }
        } else {
            self.nodes[best_prev as usize].next = node.next;
        }
        self.nodes[best as usize].next = self.free;
        self.free = best;
        self.in_calendar -= 1;
        self.now = node.e.time;
        self.popped += 1;
        Some((node.e.time, node.e.payload))
    }
}

/// Children per node of the far-event heap.
const ARITY: usize = 4;

/// Pushes onto a 4-ary min-heap by (time, sequence).
fn heap_push<E: Copy>(heap: &mut Vec<Entry<E>>, e: Entry<E>) {
    let k = e.key();
    let mut i = heap.len();
    heap.push(e);
    while i > 0 {
        let parent = (i - 1) / ARITY;
        let p = heap[parent];
        if p.key() <= k {
            break;
        }
        heap[i] = p;
        i = parent;
    }
    heap[i] = e;
}

/// Pops the least entry of a 4-ary min-heap by (time, sequence).
fn heap_pop<E: Copy>(heap: &mut Vec<Entry<E>>) -> Option<Entry<E>> {
    let last = heap.pop()?;
    let n = heap.len();
    if n == 0 {
        return Some(last);
    }
    let top = heap[0];
    let k = last.key();
    let mut i = 0;
    loop {
        let c = ARITY * i + 1;
        let mut m = i;
        let mut km = k;
        for (j, e) in heap.iter().enumerate().take(n.min(c + ARITY)).skip(c) {
            let kj = e.key();
            if kj < km {
                m = j;
                km = kj;
            }
        }
        if m == i {
            break;
        }
        heap[i] = heap[m];
        i = m;
    }
    heap[i] = last;
    Some(top)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SimRng;
    use core::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule_at(30, 'c');
        q.schedule_at(10, 'a');
        q.schedule_at(30, 'd');
        q.schedule_at(10, 'b');
        q.schedule_at(20, 'x');
        assert_eq!(q.len(), 5);
        assert_eq!(q.peek_time(), Some(10));
        let order: Vec<(u64, char)> = core::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![(10, 'a'), (10, 'b'), (20, 'x'), (30, 'c'), (30, 'd')]
        );
        assert_eq!(q.now(), 30);
        assert_eq!(q.events_processed(), 5);
        assert!(q.is_empty());
    }

    #[test]
    fn scheduling_in_the_past_is_clamped_to_now() {
        let mut q = EventQueue::new();
        q.schedule_at(100, 1u8);
        assert_eq!(q.pop(), Some((100, 1)));
        q.schedule_at(5, 2u8);
        q.schedule_in(7, 3u8);
        assert_eq!(q.pop(), Some((100, 2)));
        assert_eq!(q.pop(), Some((107, 3)));
        assert_eq!(q.pop(), None);
    }

    /// The queue against the reference order — a binary heap on (time, sequence) — on a
    /// simulation-like workload: events scheduled while popping, many ties (times drawn from a
    /// small range and constants), far-future events (beyond the calendar's year, so through the
    /// far heap and back), events at exactly `now`, and bucket widths from 1 ns to 1 ms.
    #[test]
    fn same_order_as_a_binary_heap_on_time_then_sequence() {
        for shift in [0, 3, 10, 20] {
            let mut rng = SimRng::seed_from(42 + u64::from(shift));
            let mut q = EventQueue::with_shift(shift);
            let mut reference = BinaryHeap::new();
            let mut seq = 0u64;
            let mut now = 0u64;
            let mut schedule =
                |q: &mut EventQueue<u64>, r: &mut BinaryHeap<Reverse<(u64, u64)>>, t: u64| {
                    q.schedule_at(t, seq);
                    r.push(Reverse((t, seq)));
                    seq += 1;
                };
            for _ in 0..1_000 {
                let t = u64::from(rng.below(50));
                schedule(&mut q, &mut reference, t);
            }
            assert_eq!(q.len(), 1_000);
            let mut popped = 0;
            while let Some((t, s)) = q.pop() {
                let Some(Reverse((rt, rs))) = reference.pop() else {
                    panic!("the queue has more events than the reference");
                };
                assert_eq!((t, s), (rt, rs), "shift {shift}, event {popped}");
                assert!(t >= now);
                now = t;
                popped += 1;
                if popped < 100_000 {
                    for _ in 0..rng.below(3) {
                        let delay = match rng.below(6) {
                            0 => 0,
                            1 => 7,
                            2 => u64::from(rng.below(100)),
                            3 => u64::from(rng.below(1 << 20)),
                            4 => u64::from(rng.below(1 << 30)),
                            _ => rng.next_u64() >> 20,
                        };
                        schedule(&mut q, &mut reference, now + delay);
                    }
                }
                assert_eq!(q.len(), reference.len());
                assert_eq!(q.peek_time(), reference.peek().map(|r| r.0.0));
            }
            assert!(reference.is_empty());
            assert!(popped > 100_000, "{popped}");
        }
    }

    #[test]
    fn times_near_the_end_of_the_clock() {
        let mut q = EventQueue::with_shift(40);
        q.schedule_at(u64::MAX, 'z');
        q.schedule_at(u64::MAX - 1, 'y');
        q.schedule_at(5, 'a');
        assert_eq!(q.pop(), Some((5, 'a')));
        assert_eq!(q.pop(), Some((u64::MAX - 1, 'y')));
        q.schedule_at(u64::MAX, 'w');
        assert_eq!(q.pop(), Some((u64::MAX, 'z')));
        assert_eq!(q.pop(), Some((u64::MAX, 'w')));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn bucket_width_follows_the_event_rate() {
        assert_eq!(EventQueue::<u8>::for_event_rate(400_000.0).shift, 12);
        assert_eq!(EventQueue::<u8>::for_event_rate(1e9).shift, 1);
        assert_eq!(EventQueue::<u8>::for_event_rate(4e9).shift, 0);
        assert_eq!(EventQueue::<u8>::for_event_rate(0.0).shift, 30);
    }
}
