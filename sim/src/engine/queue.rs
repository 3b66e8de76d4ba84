//! The future-event list: a binary heap ordered by (time, insertion sequence).
//!
//! Ordering ties by a sequence number makes runs deterministic: two events at the same nanosecond
//! always fire in the order they were scheduled, whatever the heap's internal layout. The payload
//! is a plain `Copy` value stored inline, so scheduling an event never allocates once the heap has
//! grown to its working size.

use core::cmp::Ordering;
use std::collections::BinaryHeap;

use super::Nanos;

/// One scheduled event: when it fires, its tie-breaking sequence number, and the model's payload.
#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    time: Nanos,
    seq: u64,
    payload: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E> Ord for Entry<E> {
    // Reversed so that `BinaryHeap` (a max-heap) pops the earliest event first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// A deterministic priority queue of events and the simulation clock.
///
/// `now()` is the time of the last event popped; scheduling in the past is clamped to `now()` so a
/// model bug cannot make time run backwards.
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
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
    /// An empty queue at time zero.
    #[must_use]
    pub fn new() -> Self {
        Self::with_capacity(1024)
    }

    /// An empty queue with room for `capacity` pending events before it reallocates.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
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
        self.heap.len()
    }

    /// Whether no event is waiting.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedules `payload` at absolute time `time` (clamped to now).
    pub fn schedule_at(&mut self, time: Nanos, payload: E) {
        let time = time.max(self.now);
        let seq = self.seq;
        self.seq += 1;
        self.heap.push(Entry { time, seq, payload });
    }

    /// Schedules `payload` `delay` nanoseconds from now.
    pub fn schedule_in(&mut self, delay: Nanos, payload: E) {
        self.schedule_at(self.now.saturating_add(delay), payload);
    }

    /// The time of the next event, if any, without removing it.
    #[must_use]
    pub fn peek_time(&self) -> Option<Nanos> {
        self.heap.peek().map(|e| e.time)
    }

    /// Removes the earliest event, advances the clock to it and returns it.
    pub fn pop(&mut self) -> Option<(Nanos, E)> {
        let e = self.heap.pop()?;
        self.now = e.time;
        self.popped += 1;
        Some((e.time, e.payload))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule_at(30, 'c');
        q.schedule_at(10, 'a');
        q.schedule_at(30, 'd');
        q.schedule_at(10, 'b');
        q.schedule_at(20, 'x');
        let order: Vec<(u64, char)> = core::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![(10, 'a'), (10, 'b'), (20, 'x'), (30, 'c'), (30, 'd')]
        );
        assert_eq!(q.now(), 30);
        assert_eq!(q.events_processed(), 5);
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
}
