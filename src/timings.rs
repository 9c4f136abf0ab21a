//! Per-stage wall-clock times of one build, printed to stderr when the
//! environment variable `NOTA_TIMINGS=1` is set. They show where a build's
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
    stages: Vec<(&'static str, Duration)>,
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
        self.stages.push((name, now - self.last));
        self.last = now;
    }

    /// The report, one stage per line, or `None` when timing is off.
    pub fn report(&self) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let total = self.last - self.started;
        let mut text = String::new();
        for (name, duration) in &self.stages {
            let share = if total.is_zero() {
                0.0
            } else {
                duration.as_secs_f64() / total.as_secs_f64() * 100.0
            };
            text.push_str(&format!(
                "nota timing: {name:<12} {:>9.1} ms {share:>5.1} %\n",
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
