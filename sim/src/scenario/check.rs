//! Semantic validation of a parsed scenario: values that deserialize but make no sense.
//!
//! Each problem carries the dotted path of the offending field (`store.rtt.p99_us`,
//! `server_failures[2].server`) so `load` can point at its line in the file.

use super::{Designs, Scenario};

/// One invalid value: where it is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path of the field, with `[i]` for array elements.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    /// A problem at `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

pub(crate) fn positive(errs: &mut Vec<Problem>, field: &str, v: f64) {
    if !(v.is_finite() && v > 0.0) {
        errs.push(Problem::new(
            field,
            format!("must be a finite number greater than zero, got {v}"),
        ));
    }
}

pub(crate) fn non_negative(errs: &mut Vec<Problem>, field: &str, v: f64) {
    if !(v.is_finite() && v >= 0.0) {
        errs.push(Problem::new(
            field,
            format!("must be a finite number, zero or more, got {v}"),
        ));
    }
}

fn at_least_one(errs: &mut Vec<Problem>, field: &str, v: u32) {
    if v == 0 {
        errs.push(Problem::new(field, "must be at least 1, got 0"));
    }
}

/// Upper bounds that keep one run within a laptop's memory; far above any realistic scenario.
const MAX_SERVERS: u32 = 100_000;
const MAX_CORES: u32 = 1_024;
const MAX_USERS: u32 = 50_000_000;
const MAX_CACHE_SLOTS: u32 = 1 << 24;
const MAX_DURATION_S: f64 = 86_400.0 * 30.0;

fn at_most(errs: &mut Vec<Problem>, field: &str, v: u32, max: u32) {
    if v > max {
        errs.push(Problem::new(
            field,
            format!("{v} is above the supported maximum of {max}"),
        ));
    }
}

impl Scenario {
    /// Every semantic problem in the scenario, in file order as far as possible. `algs` lists the
    /// algorithm names the calibration knows (a design naming another one is refused).
    #[must_use]
    pub fn problems(&self, algs: &[&str]) -> Vec<Problem> {
        let mut e = Vec::new();
        if self.name.trim().is_empty() {
            e.push(Problem::new("name", "must not be empty"));
        }
        positive(&mut e, "duration_s", self.duration_s);
        if self.duration_s > MAX_DURATION_S {
            e.push(Problem::new(
                "duration_s",
                format!(
                    "{} s is above the supported maximum of 30 days",
                    self.duration_s
                ),
            ));
        }
        non_negative(&mut e, "warmup_s", self.warmup_s);
        if self.warmup_s >= self.duration_s {
            e.push(Problem::new(
                "warmup_s",
                "must be shorter than duration_s, or nothing would be measured",
            ));
        }
        positive(&mut e, "bucket_s", self.bucket_s);
        if self.bucket_s.is_finite()
            && self.bucket_s > 0.0
            && self.duration_s / self.bucket_s > 10_000_000.0
        {
            e.push(Problem::new(
                "bucket_s",
                "too small for this duration_s (more than 10 million buckets)",
            ));
        }

        let c = &self.cluster;
        at_least_one(&mut e, "cluster.servers", c.servers);
        at_most(&mut e, "cluster.servers", c.servers, MAX_SERVERS);
        at_least_one(&mut e, "cluster.cores", c.cores);
        at_most(&mut e, "cluster.cores", c.cores, MAX_CORES);
        c.handler.check("cluster.handler", &mut e);

        let w = &self.workload;
        positive(&mut e, "workload.rate", w.rate);
        at_least_one(&mut e, "workload.users", w.users);
        at_most(&mut e, "workload.users", w.users, MAX_USERS);
        for (i, b) in w.bursts.iter().enumerate() {
            let p = format!("workload.bursts[{i}]");
            self.window(&mut e, &p, b.start_s, b.duration_s);
            positive(&mut e, &format!("{p}.factor"), b.factor);
        }

        let s = &self.store;
        at_least_one(&mut e, "store.shards", s.shards);
        at_most(&mut e, "store.shards", s.shards, MAX_SERVERS);
        at_least_one(&mut e, "store.capacity", s.capacity);
        s.service.check("store.service", &mut e);
        s.rtt.check("store.rtt", &mut e);
        for (i, o) in s.outages.iter().enumerate() {
            let p = format!("store.outages[{i}]");
            self.window(&mut e, &p, o.start_s, o.duration_s);
            if let Some(shard) = o.shard
                && shard >= s.shards
            {
                e.push(Problem::new(
                    format!("{p}.shard"),
                    format!("shard {shard} does not exist (store.shards = {})", s.shards),
                ));
            }
        }

        for (i, f) in self.server_failures.iter().enumerate() {
            let p = format!("server_failures[{i}]");
            if f.server >= c.servers {
                e.push(Problem::new(
                    format!("{p}.server"),
                    format!(
                        "server {} does not exist (servers are numbered 0..{})",
                        f.server, c.servers
                    ),
                ));
            }
            self.instant(&mut e, &format!("{p}.at_s"), f.at_s);
            positive(&mut e, &format!("{p}.down_s"), f.down_s);
        }

        let r = &self.revocation;
        non_negative(&mut e, "revocation.rate", r.rate);
        for (i, &t) in r.at_s.iter().enumerate() {
            self.instant(&mut e, &format!("revocation.at_s[{i}]"), t);
        }
        if let Some(t) = r.revoke_all_at_s {
            self.instant(&mut e, "revocation.revoke_all_at_s", t);
        }

        check_designs(&self.designs, algs, &mut e);

        let k = &self.costs;
        non_negative(&mut e, "costs.local_lookup_us", k.local_lookup_us);
        e
    }

    fn window(&self, e: &mut Vec<Problem>, p: &str, start: f64, len: f64) {
        self.instant(e, &format!("{p}.start_s"), start);
        positive(e, &format!("{p}.duration_s"), len);
    }

    fn instant(&self, e: &mut Vec<Problem>, field: &str, t: f64) {
        non_negative(e, field, t);
        if t.is_finite() && t >= self.duration_s {
            e.push(Problem::new(
                field,
                format!(
                    "{t} s is not before the end of the run (duration_s = {})",
                    self.duration_s
                ),
            ));
        }
    }
}

fn check_alg(e: &mut Vec<Problem>, field: String, alg: &str, algs: &[&str]) {
    if !algs.contains(&alg) {
        e.push(Problem::new(
            field,
            format!(
                "unknown algorithm `{alg}`; the calibration has: {}",
                algs.join(", ")
            ),
        ));
    }
}

fn check_designs(d: &Designs, algs: &[&str], e: &mut Vec<Problem>) {
    let mut any = false;
    for (name, p) in [
        ("jwt", d.jwt.as_ref()),
        ("jwt_blocklist_remote", d.jwt_blocklist_remote.as_ref()),
    ] {
        if let Some(p) = p {
            any = true;
            check_alg(e, format!("designs.{name}.alg"), &p.alg, algs);
            positive(e, &format!("designs.{name}.ttl_s"), p.ttl_s);
        }
    }
    if let Some(p) = &d.jwt_blocklist_poll {
        any = true;
        check_alg(e, "designs.jwt_blocklist_poll.alg".into(), &p.alg, algs);
        positive(e, "designs.jwt_blocklist_poll.ttl_s", p.ttl_s);
        positive(e, "designs.jwt_blocklist_poll.poll_s", p.poll_s);
    }
    if let Some(p) = &d.jwt_blocklist_push {
        any = true;
        check_alg(e, "designs.jwt_blocklist_push.alg".into(), &p.alg, algs);
        positive(e, "designs.jwt_blocklist_push.ttl_s", p.ttl_s);
        p.push_delay
            .check("designs.jwt_blocklist_push.push_delay", e);
    }
    if let Some(p) = &d.session_cached {
        any = true;
        positive(e, "designs.session_cached.cache_ttl_s", p.cache_ttl_s);
        at_least_one(e, "designs.session_cached.cache_slots", p.cache_slots);
        at_most(
            e,
            "designs.session_cached.cache_slots",
            p.cache_slots,
            MAX_CACHE_SLOTS,
        );
    }
    if let Some(p) = &d.refresh_rotation {
        any = true;
        check_alg(e, "designs.refresh_rotation.alg".into(), &p.alg, algs);
        positive(e, "designs.refresh_rotation.access_ttl_s", p.access_ttl_s);
    }
    any |= d.session.is_some() || d.session_sticky.is_some();
    if !any {
        e.push(Problem::new(
            "designs",
            "enable at least one design, e.g. `[designs.jwt]` with `alg` and `ttl_s`",
        ));
    }
}
