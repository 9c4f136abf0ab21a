//! Per-stage wall-clock times of one build, printed to stderr when the
//! environment variable `NOTA_TIMINGS=1` is set, with the process's resident
//! memory at the end of each stage where the system tells it (Linux). They show where a build's
//! time goes (e.g. that building the indexes is a small part of it) without
//! a profiler; nothing is measured into the output, so builds stay
//! byte-identical.

use std::time::{Duration, Instant};

/// The environment variable that turns timing output on.
pub const ENV_VAR: &str = "NOTA_TIMINGS";

/// Stage durations, recorded in order.
#[derive(Debug)]
pub struct Timings {
    enabled: bool,
    started: Instant,
    last: Instant,
    /// Name, duration and resident memory in bytes at the end.
    stages: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Timings {
    /// Enabled when `NOTA_TIMINGS` is `1`.
    pub fn from_env() -> Self {
        let now = Instant::now();
        Self {
            enabled: std::env::var(ENV_VAR).is_ok_and(|v| v == "1"),
            started: now,
            last: now,
            stages: Vec::new(),
        }
    }

    /// Records the time since the previous mark as stage `name`.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        let resident = if self.enabled { resident_bytes() } else { None };
        self.stages.push((name, now - self.last, resident));
        self.last = now;
    }

    /// The report, one stage per line, or `None` when timing is off.
    pub fn report(&self) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let total = self.last - self.started;
        let mut text = String::new();
        for (name, duration, resident) in &self.stages {
            let share = if total.is_zero() {
                0.0
            } else {
                duration.as_secs_f64() / total.as_secs_f64() * 100.0
            };
            let memory = resident.map_or_else(String::new, |bytes| {
                format!("   rss {:>6.0} MB", bytes as f64 / 1_048_576.0)
            });
            text.push_str(&format!(
                "nota timing: {name:<12} {:>9.1} ms {share:>5.1} %{memory}\n",
                duration.as_secs_f64() * 1000.0
            ));
        }
        text.push_str(&format!(
            "nota timing: {:<12} {:>9.1} ms\n",
            "total",
            total.as_secs_f64() * 1000.0
        ));
        Some(text)
    }
}

/// Resident memory now: `VmRSS` of `/proc/self/status` (Linux only).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
