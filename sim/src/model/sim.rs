//! The run loop: events and the state transitions of one design on one scenario.
//!
//! A request's life: it arrives at the load balancer (expiry is checked here, on arrival, never
//! by a scheduled event); if the design needs the store it travels half a round trip to its shard,
//! queues there, and travels back; then it queues for a core on its server, where the credential
//! is checked when service starts; it completes when service ends. Every accept/refuse decision
//! is taken at completion, using the times at which the store read the key and the core checked
//! the credential, so a revocation that happened in between is always seen in time order.
//! Four event kinds carry requests (`Arrival`, `AtStore`, `Reply`, `Done`); a JWT request costs
//! two events, a store-backed one four.

use super::arrivals::Arrivals;
use super::cluster::Cluster;
use super::design::{Design, Policy};
use super::metrics::{Metrics, load_summary, revocation_summary};
use super::store::{Store, StoreFailure};
use super::summary::RunSummary;
use super::users::{Home, Users};
use crate::engine::{Dist, EventQueue, Nanos, SimRng, secs};
use crate::scenario::Scenario;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    Login,
    Refresh,
}

const F_STORE: u8 = 1;
const F_CACHE: u8 = 2;
const F_STALE: u8 = 4;
const F_LOST: u8 = 8;
const F_OUTAGE: u8 = 16;
const F_OVERLOAD: u8 = 32;

/// A request in flight; copied inside events, so it must stay small.
#[derive(Debug, Clone, Copy)]
struct Req {
    arrival: Nanos,
    read: Nanos,
    check: Nanos,
    user: u32,
    server: u32,
    gen_: u32,
    epoch: u32,
    back: u32,
    kind: Kind,
    flags: u8,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    /// The next arrival, with its user drawn one arrival ahead (see `on_arrival`).
    Arrival(u32),
    /// Requests live in `Sim::slab` while in flight; events carry their index, which keeps the
    /// payload at 8 bytes and queue entries small.
    AtStore(u32),
    Reply(u32),
    Done(u32),
    Revoke,
    RevokeOne,
    RevokeAll,
    /// Server failure number `i` of the scenario (index into `Sim::failures`, which keeps the
    /// payload at 8 bytes).
    Crash(u32),
    Restore(u32),
}

#[derive(Debug, Clone, Copy)]
struct CacheSlot {
    user: u32,
    gen_: u32,
    fetched: Nanos,
}

const EMPTY: CacheSlot = CacheSlot {
    user: u32::MAX,
    gen_: 0,
    fetched: 0,
};

enum Failure {
    Store(StoreFailure),
    ServerDown,
}

struct Sim<'a> {
    d: &'a Design,
    q: EventQueue<Ev>,
    rng: SimRng,
    cluster: Cluster,
    store: Store,
    users: Users,
    m: Metrics,
    handler: Dist,
    arrivals: Arrivals,
    end: Nanos,
    n_users: u32,
    rev_rate: f64,
    cache: Vec<CacheSlot>,
    slots: u32,
    store_op_bytes: u64,
    crashes: u64,
    slab: Vec<Req>,
    free: Vec<u32>,
    upcoming: [u32; LOOKAHEAD],
    upcoming_pos: usize,
    revoked: Vec<u64>,
    /// (server, down time) of each scheduled server failure.
    failures: Vec<(u32, Nanos)>,
}

/// Users are drawn this many arrivals ahead, and their records touched together: the loads are
/// independent, so the CPU overlaps their cache misses instead of stalling on each in turn.
const LOOKAHEAD: usize = 16;

/// Runs `design` on `scenario` (validated) and summarises it. `progress` is called now and then
/// with the fraction of simulated time done (0..=1).
#[must_use]
pub fn simulate(scenario: &Scenario, design: &Design, progress: &mut dyn FnMut(f64)) -> RunSummary {
    let mut sim = Sim::new(scenario, design);
    sim.run(progress);
    sim.finish(scenario)
}

fn mix(x: u32) -> u64 {
    u64::from(x).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32
}

impl<'a> Sim<'a> {
    fn new(s: &Scenario, d: &'a Design) -> Self {
        let end = secs(s.duration_s);
        let mut rng = SimRng::seed_from(s.seed);
        let servers = s.cluster.servers.max(1);
        let ttl = d.credential_ttl;
        let users = Users::new(
            s.workload.users.max(1),
            |_| {
                if ttl == Nanos::MAX {
                    Nanos::MAX
                } else {
                    // Uniform residual lifetime: tokens were issued at random times in the past.
                    crate::engine::to_nanos(rng.uniform() * ttl as f64)
                }
            },
            // Fits: the remainder of a division by a u32.
            #[allow(clippy::cast_possible_truncation)]
            |u| (mix(u) % u64::from(servers)) as u32,
            d.policy == Policy::SessionSticky,
        );
        let (cache, slots) = match d.policy {
            Policy::SessionCached { slots, .. } => {
                (vec![EMPTY; servers as usize * slots as usize], slots)
            }
            _ => (Vec::new(), 0),
        };
        let mut sim = Self {
            d,
            // Two events per request, four for the store-backed ones: buckets about one
            // inter-event gap wide (a speed choice only; any width gives the same order).
            q: EventQueue::for_event_rate(
                s.workload.rate * if d.store_per_request() { 4.0 } else { 2.0 },
            ),
            arrivals: Arrivals::new(s.workload.rate, &s.workload.bursts, end),
            rng,
            cluster: Cluster::new(servers, s.cluster.cores, s.cluster.balancer),
            store: Store::new(&s.store),
            users,
            m: Metrics::new(end, secs(s.warmup_s), secs(s.bucket_s), s.bucket_s),
            handler: s.cluster.handler.to_dist(),
            end,
            n_users: s.workload.users.max(1),
            rev_rate: s.revocation.rate,
            cache,
            slots,
            store_op_bytes: u64::from(s.costs.store_request_bytes)
                + u64::from(s.costs.store_response_bytes),
            crashes: 0,
            slab: Vec::with_capacity(4096),
            free: Vec::with_capacity(4096),
            upcoming: [0; LOOKAHEAD],
            upcoming_pos: LOOKAHEAD,
            revoked: vec![0; (s.workload.users.max(1) as usize).div_ceil(64)],
            failures: s
                .server_failures
                .iter()
                .map(|f| (f.server, secs(f.down_s)))
                .collect(),
        };
        if let Some(t) = sim.arrivals.next(&mut sim.rng) {
            let u = sim.next_user();
            sim.q.schedule_at(t, Ev::Arrival(u));
        }
        if sim.rev_rate > 0.0 {
            let t = secs(sim.rng.exp1() / sim.rev_rate);
            if t < end {
                sim.q.schedule_at(t, Ev::Revoke);
            }
        }
        for &t in &s.revocation.at_s {
            sim.q.schedule_at(secs(t), Ev::RevokeOne);
        }
        if let Some(t) = s.revocation.revoke_all_at_s {
            sim.q.schedule_at(secs(t), Ev::RevokeAll);
        }
        for (i, f) in (0u32..).zip(&s.server_failures) {
            sim.q.schedule_at(secs(f.at_s), Ev::Crash(i));
        }
        sim
    }

    fn run(&mut self, progress: &mut dyn FnMut(f64)) {
        while let Some((now, ev)) = self.q.pop() {
            match ev {
                Ev::Arrival(u) => self.on_arrival(now, u),
                Ev::AtStore(i) => {
                    let r = self.take(i);
                    self.on_at_store(now, r);
                }
                Ev::Reply(i) => {
                    let r = self.take(i);
                    self.on_reply(now, r);
                }
                Ev::Done(i) => {
                    let r = self.take(i);
                    self.on_done(now, r);
                }
                Ev::Revoke => {
                    let u = self.rng.below(self.n_users);
                    self.revoke(now, u, true);
                    let t = now.saturating_add(secs(self.rng.exp1() / self.rev_rate));
                    if t < self.end {
                        self.q.schedule_at(t, Ev::Revoke);
                    }
                }
                Ev::RevokeOne => {
                    let u = self.rng.below(self.n_users);
                    self.revoke(now, u, true);
                }
                Ev::RevokeAll => {
                    for u in 0..self.n_users {
                        self.revoke(now, u, false);
                    }
                    if self.d.revocation_in_store() {
                        self.m.store_op(now, false);
                    }
                }
                Ev::Crash(i) => {
                    let (s, down) = self.failures[i as usize];
                    self.cluster.crash(s);
                    self.crashes += 1;
                    if self.slots > 0 {
                        let a = s as usize * self.slots as usize;
                        self.cache[a..a + self.slots as usize].fill(EMPTY);
                    }
                    self.q.schedule_at(now.saturating_add(down), Ev::Restore(s));
                }
                Ev::Restore(s) => self.cluster.restore(s, now),
            }
            if self.q.events_processed() & 0xFFFF == 0 {
                progress((now as f64 / self.end.max(1) as f64).min(1.0));
            }
        }
        progress(1.0);
    }

    /// Parks an in-flight request in the slab; returns its index (no allocation once warm).
    fn put(&mut self, r: Req) -> u32 {
        if let Some(i) = self.free.pop() {
            self.slab[i as usize] = r;
            i
        } else {
            self.slab.push(r);
            u32::try_from(self.slab.len() - 1).unwrap_or(u32::MAX)
        }
    }

    /// Takes a request out of the slab and frees its slot.
    fn take(&mut self, i: u32) -> Req {
        self.free.push(i);
        self.slab[i as usize]
    }

    /// The user of the next arrival, drawn [`LOOKAHEAD`] at a time (see there).
    fn next_user(&mut self) -> u32 {
        if self.upcoming_pos == LOOKAHEAD {
            let mut touch = 0;
            for slot in &mut self.upcoming {
                *slot = self.rng.below(self.n_users);
                touch ^= self
                    .users
                    .creds
                    .get(*slot as usize)
                    .map_or(0, |u| u.expires);
            }
            core::hint::black_box(touch);
            self.upcoming_pos = 0;
        }
        let u = self.upcoming[self.upcoming_pos];
        self.upcoming_pos += 1;
        u
    }

    /// Whether `user` ever had a credential revoked (a compact bitset, so the common "never
    /// revoked" answer does not touch the large user table again at completion).
    fn maybe_revoked(&self, user: u32) -> bool {
        self.revoked[user as usize / 64] & (1 << (user % 64)) != 0
    }

    fn slot_index(&self, server: u32, user: u32) -> usize {
        // Fits: the remainder of a division by a u32.
        #[allow(clippy::cast_possible_truncation)]
        let i = (mix(user) % u64::from(self.slots)) as usize;
        server as usize * self.slots as usize + i
    }

    fn cached(&self, server: u32, user: u32, gen_: u32) -> Option<Nanos> {
        if self.slots == 0 {
            return None;
        }
        let c = self.cache[self.slot_index(server, user)];
        (c.user == user && c.gen_ == gen_).then_some(c.fetched)
    }

    fn on_arrival(&mut self, now: Nanos, user: u32) {
        if let Some(t) = self.arrivals.next(&mut self.rng) {
            let next = self.next_user();
            self.q.schedule_at(t, Ev::Arrival(next));
        }
        let measured = self.m.measured(now);
        let b = self.m.bucket(now);
        self.m.ts.offered[b] += 1;
        if measured {
            self.m.counts.offered += 1;
        }
        let u = self.users.creds[user as usize];
        let mut flags = 0;
        let sticky = self.d.policy == Policy::SessionSticky;
        let server = if sticky && !u.needs_login {
            let home = self.users.homes[user as usize];
            if self.cluster.is_up(home.server) && self.cluster.epoch(home.server) == home.epoch {
                Some(home.server)
            } else {
                flags |= F_LOST;
                self.cluster.pick(&mut self.rng)
            }
        } else {
            self.cluster.pick(&mut self.rng)
        };
        let mut req = Req {
            arrival: now,
            read: now,
            check: now,
            user,
            server: 0,
            gen_: u.gen_,
            epoch: 0,
            back: 0,
            kind: Kind::Normal,
            flags,
        };
        let Some(server) = server else {
            self.fail(now, req, Failure::ServerDown);
            return;
        };
        self.cluster.route(server);
        req.server = server;
        req.epoch = self.cluster.epoch(server);
        req.kind = if u.needs_login {
            Kind::Login
        } else if flags & F_LOST != 0 {
            Kind::Normal
        } else if now >= u.expires {
            if self.d.policy == Policy::RefreshRotation {
                Kind::Refresh
            } else {
                Kind::Login
            }
        } else {
            Kind::Normal
        };
        let ttl = self.d.credential_ttl;
        let um = &mut self.users.creds[user as usize];
        match req.kind {
            Kind::Login => {
                um.gen_ = um.gen_.wrapping_add(1);
                um.needs_login = false;
                um.expires = now.saturating_add(ttl);
                req.gen_ = um.gen_;
                // Only `session_sticky` reads homes: spare the other designs a cache miss.
                if sticky {
                    self.users.homes[user as usize] = Home {
                        server,
                        epoch: req.epoch,
                    };
                }
                self.m.ts.logins[b] += 1;
                if measured {
                    self.m.counts.logins += 1;
                }
            }
            Kind::Refresh => {
                um.expires = now.saturating_add(ttl);
                if measured {
                    self.m.counts.refreshes += 1;
                }
            }
            Kind::Normal => {
                if measured {
                    self.m.credential_bytes += u64::from(self.d.credential_bytes);
                }
            }
        }
        let needs_store = match req.kind {
            Kind::Normal => match self.d.policy {
                Policy::BlocklistRemote | Policy::Session => true,
                Policy::SessionCached { ttl, .. } => {
                    let fresh = self
                        .cached(server, user, req.gen_)
                        .is_some_and(|f| now < f.saturating_add(ttl));
                    if fresh {
                        req.flags |= F_CACHE;
                    }
                    !fresh
                }
                _ => false,
            },
            Kind::Login => self.d.login_writes_store(),
            Kind::Refresh => true,
        };
        if needs_store {
            req.flags |= F_STORE;
            let rtt = self.store.rtt(&mut self.rng);
            let out = rtt / 2;
            req.back = u32::try_from(rtt - out).unwrap_or(u32::MAX);
            let i = self.put(req);
            self.q.schedule_at(now.saturating_add(out), Ev::AtStore(i));
        } else {
            self.enqueue_cpu(now, req);
        }
    }

    fn on_at_store(&mut self, now: Nanos, mut req: Req) {
        let measured = self.m.measured(req.arrival);
        self.m.store_op(now, measured);
        if measured {
            self.m.store_bytes += self.store_op_bytes;
        }
        let shard = self.store.shard_of(req.user);
        let back = Nanos::from(req.back);
        match self.store.serve(shard, now, &mut self.rng) {
            Ok((read, finish)) => {
                req.read = read;
                let i = self.put(req);
                self.q
                    .schedule_at(finish.saturating_add(back), Ev::Reply(i));
            }
            Err(f) => {
                req.flags |= match f {
                    StoreFailure::Outage => F_OUTAGE,
                    StoreFailure::Overload => F_OVERLOAD,
                };
                let i = self.put(req);
                self.q.schedule_at(now.saturating_add(back), Ev::Reply(i));
            }
        }
    }

    fn on_reply(&mut self, now: Nanos, mut req: Req) {
        if self.m.measured(req.arrival) {
            self.m.store_wait_ns += u128::from(now - req.arrival);
            self.m.store_requests += 1;
        }
        if !self.cluster.is_up(req.server) || self.cluster.epoch(req.server) != req.epoch {
            self.fail(now, req, Failure::ServerDown);
            return;
        }
        if req.flags & (F_OUTAGE | F_OVERLOAD) != 0 {
            let stale_ok = matches!(
                self.d.policy,
                Policy::SessionCached {
                    stale_if_error: true,
                    ..
                }
            ) && req.kind == Kind::Normal
                && self.cached(req.server, req.user, req.gen_).is_some();
            if stale_ok {
                req.flags |= F_STALE;
            } else {
                self.cluster.leave(req.server);
                let f = if req.flags & F_OUTAGE != 0 {
                    StoreFailure::Outage
                } else {
                    StoreFailure::Overload
                };
                self.fail(now, req, Failure::Store(f));
                return;
            }
        }
        self.enqueue_cpu(now, req);
    }

    fn enqueue_cpu(&mut self, now: Nanos, mut req: Req) {
        let d = self.d;
        let local = match d.policy {
            Policy::BlocklistPoll { .. }
            | Policy::BlocklistPush { .. }
            | Policy::SessionCached { .. }
            | Policy::SessionSticky => d.local_lookup_ns,
            _ => 0,
        };
        let auth = match req.kind {
            Kind::Normal => d.verify_ns + local,
            Kind::Login => d.login_ns,
            Kind::Refresh => d.refresh_ns,
        };
        let handler = self.handler.sample(&mut self.rng);
        let (start, finish) = self
            .cluster
            .admit(req.server, now, handler.saturating_add(auth));
        if self.m.measured(req.arrival) {
            self.m.auth_ns += u128::from(auth);
            self.m.handler_ns += u128::from(handler);
        }
        req.check = start;
        let i = self.put(req);
        self.q.schedule_at(finish, Ev::Done(i));
    }

    fn fail(&mut self, now: Nanos, req: Req, why: Failure) {
        let b = self.m.bucket(now);
        self.m.ts.failed[b] += 1;
        if self.m.measured(req.arrival) {
            let c = &mut self.m.counts;
            c.failed += 1;
            match why {
                Failure::Store(StoreFailure::Outage) => c.failed_store_outage += 1,
                Failure::Store(StoreFailure::Overload) => c.failed_store_overload += 1,
                Failure::ServerDown => c.failed_server_down += 1,
            }
        }
        // The client got no new credential: it will have to try again.
        if let Some(u) = self.users.creds.get_mut(req.user as usize)
            && u.gen_ == req.gen_
        {
            match req.kind {
                Kind::Login => u.needs_login = true,
                Kind::Refresh => u.expires = now,
                Kind::Normal => {}
            }
        }
    }

    /// Decision time and whether the credential is known revoked at that time.
    fn verdict(&mut self, req: &Req) -> (Nanos, Option<bool>) {
        let poll_phase = |server: u32, n: u32, poll: Nanos| -> Nanos {
            // Servers poll at staggered phases spread evenly over one period.
            #[allow(clippy::cast_possible_truncation)]
            let p = (u128::from(poll) * u128::from(server) / u128::from(n.max(1))) as Nanos;
            p
        };
        let servers = self.cluster.len();
        let policy = self.d.policy;
        let maybe = self.maybe_revoked(req.user);
        let Some(r) = maybe
            .then(|| self.users.revocation_of(req.user, req.gen_))
            .flatten()
        else {
            let t = if req.flags & F_STORE != 0 && req.flags & F_STALE == 0 {
                req.read
            } else {
                req.check
            };
            return (t, None);
        };
        let store = (req.read, Some(r.in_store <= req.read));
        if req.kind == Kind::Refresh {
            return store;
        }
        match policy {
            Policy::Jwt | Policy::RefreshRotation => (req.check, Some(false)),
            Policy::BlocklistRemote | Policy::Session => store,
            Policy::SessionCached { .. } => {
                if req.flags & (F_CACHE | F_STALE) != 0 {
                    (req.check, Some(false))
                } else {
                    store
                }
            }
            Policy::BlocklistPoll { poll } => {
                let phase = poll_phase(req.server, servers, poll);
                let visible = if r.in_store <= phase || poll == 0 {
                    phase.max(r.in_store)
                } else {
                    phase.saturating_add((r.in_store - phase).div_ceil(poll).saturating_mul(poll))
                };
                (req.check, Some(visible <= req.check))
            }
            Policy::BlocklistPush { .. } => (req.check, Some(r.pushed <= req.check)),
            Policy::SessionSticky => (req.check, Some(r.revoked_at <= req.check)),
        }
    }

    fn on_done(&mut self, now: Nanos, req: Req) {
        if !self.cluster.is_up(req.server) || self.cluster.epoch(req.server) != req.epoch {
            self.fail(now, req, Failure::ServerDown);
            return;
        }
        self.cluster.leave(req.server);
        let measured = self.m.measured(req.arrival);
        let b = self.m.bucket(now);
        let refuse = |s: &mut Self, forced: bool| {
            s.m.ts.refused[b] += 1;
            let u = &mut s.users.creds[req.user as usize];
            let live = u.gen_ == req.gen_ && !u.needs_login;
            if live {
                u.needs_login = true;
            }
            if measured {
                s.m.counts.refused += 1;
                if forced && live {
                    s.m.counts.forced_relogins += 1;
                }
            }
        };
        if req.flags & F_LOST != 0 {
            refuse(self, true);
            return;
        }
        if req.kind != Kind::Login {
            let (t, revoked) = self.verdict(&req);
            if revoked == Some(true) {
                refuse(self, false);
                return;
            }
            if self.maybe_revoked(req.user)
                && let Some(r) = self.users.revocation_of(req.user, req.gen_)
                && t >= r.revoked_at
            {
                r.wrongly_accepted += 1;
                r.last_accepted = Some(r.last_accepted.map_or(t, |l| l.max(t)));
                let wb = self.m.bucket(t);
                self.m.ts.wrongly_accepted[wb] += 1;
            }
            if self.slots > 0 && req.flags & F_STORE != 0 && req.flags & F_STALE == 0 {
                let i = self.slot_index(req.server, req.user);
                self.cache[i] = CacheSlot {
                    user: req.user,
                    gen_: req.gen_,
                    fetched: req.read,
                };
            }
        }
        self.m.ts.accepted[b] += 1;
        if measured {
            let c = &mut self.m.counts;
            c.accepted += 1;
            if req.flags & F_CACHE != 0 {
                c.cache_hits += 1;
            }
            if req.flags & F_STALE != 0 {
                c.served_stale += 1;
            }
            self.m.latency.record(now - req.arrival);
        }
    }

    fn revoke(&mut self, now: Nanos, user: u32, count_op: bool) {
        let in_store = if self.d.revocation_in_store() {
            now.saturating_add(self.store.rtt(&mut self.rng) / 2)
        } else if self.d.policy == Policy::SessionSticky {
            now
        } else {
            Nanos::MAX
        };
        let pushed = match self.d.policy {
            Policy::BlocklistPush { delay } => in_store.saturating_add(delay.sample(&mut self.rng)),
            _ => Nanos::MAX,
        };
        if self.users.revoke(user, now, in_store, pushed) {
            self.revoked[user as usize / 64] |= 1 << (user % 64);
            if count_op && self.d.revocation_in_store() {
                self.m.store_op(now, false);
            }
        }
    }

    fn add_polls(&mut self) {
        let Policy::BlocklistPoll { poll } = self.d.policy else {
            return;
        };
        if poll == 0 {
            return;
        }
        let n = self.cluster.len();
        for s in 0..n {
            #[allow(clippy::cast_possible_truncation)]
            let mut t = (u128::from(poll) * u128::from(s) / u128::from(n)) as Nanos;
            while t < self.end {
                self.m.store_op(t, false);
                t = t.saturating_add(poll);
            }
        }
    }

    fn finish(mut self, s: &Scenario) -> RunSummary {
        self.add_polls();
        let end = self.end;
        let windows: Vec<Nanos> = self.users.revocations.iter().map(|r| r.window()).collect();
        let wrongly = self
            .users
            .revocations
            .iter()
            .map(|r| u64::from(r.wrongly_accepted))
            .sum();
        let censored = self
            .users
            .revocations
            .iter()
            .filter(|r| self.users.still_live(r, end))
            .count() as u64;
        let capacity = f64::from(self.cluster.len()) * f64::from(s.cluster.cores) * end as f64;
        RunSummary {
            scenario: s.name.clone(),
            design: self.d.kind,
            seed: s.seed,
            duration_s: s.duration_s,
            warmup_s: s.warmup_s,
            offered_rate_per_s: self.arrivals.expected / s.duration_s,
            servers: s.cluster.servers,
            cores: s.cluster.cores,
            shards: s.store.shards,
            events: self.q.events_processed(),
            requests: self.m.counts,
            latency: self.m.latency.summary(),
            cpu: self.m.cpu(self.cluster.busy_ns(), capacity),
            store: self.m.store(end, self.store.max_utilisation(end)),
            wire: self.m.wire(),
            revocation: revocation_summary(&windows, wrongly, censored),
            load: load_summary(self.cluster.routed(), self.crashes),
            timeseries: self.m.ts,
        }
    }
}
