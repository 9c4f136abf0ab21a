//! Per-stage wall-clock times of one build, printed to stderr when the
//! environment variable `NOTA_TIMINGS=1` is set, with the CPU time the
//! process spent in each stage (all threads) and its resident memory at the
//! end of each stage where the system tells it (Linux). They show where a
//! build's time goes (e.g. that building the indexes is a small part of it)
//! without a profiler; the CPU time is the firmer figure on a machine that
//! other jobs share. Nothing is measured into the output, so builds stay
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
    /// The process's CPU time at the last mark.
    last_cpu: Duration,
    /// Name, duration, CPU time and resident memory in bytes at the end.
    stages: Vec<Stage>,
}

#[derive(Debug)]
struct Stage {
    name: &'static str,
    wall: Duration,
    cpu: Duration,
    resident: Option<u64>,
}

impl Timings {
    /// Enabled when `NOTA_TIMINGS` is `1`.
    pub fn from_env() -> Self {
        let now = Instant::now();
        let enabled = std::env::var(ENV_VAR).is_ok_and(|v| v == "1");
        Self {
            enabled,
            started: now,
            last: now,
            last_cpu: if enabled { cpu_time() } else { Duration::ZERO },
            stages: Vec::new(),
        }
    }

    /// Records the time since the previous mark as stage `name`.
    pub fn mark(&mut self, name: &'static str) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        let cpu = cpu_time();
        self.stages.push(Stage {
            name,
            wall: now - self.last,
            cpu: cpu.saturating_sub(self.last_cpu),
            resident: resident_bytes(),
        });
        self.last = now;
        self.last_cpu = cpu;
    }

    /// The report, one stage per line, or `None` when timing is off.
    pub fn report(&self) -> Option<String> {
        if !self.enabled {
            return None;
        }
        let total = self.last - self.started;
        let mut text = String::new();
        for stage in &self.stages {
            let share = if total.is_zero() {
                0.0
            } else {
                stage.wall.as_secs_f64() / total.as_secs_f64() * 100.0
            };
            let memory = stage.resident.map_or_else(String::new, |bytes| {
                format!("   rss {:>6.0} MB", bytes as f64 / 1_048_576.0)
            });
            text.push_str(&format!(
                "nota timing: {:<12} {:>9.1} ms {share:>5.1} %   cpu {:>9.1} ms{memory}\n",
                stage.name,
                milliseconds(stage.wall),
                milliseconds(stage.cpu),
            ));
        }
        let cpu: Duration = self.stages.iter().map(|s| s.cpu).sum();
        text.push_str(&format!(
            "nota timing: {:<12} {:>9.1} ms           cpu {:>9.1} ms\n",
            "total",
            milliseconds(total),
            milliseconds(cpu),
        ));
        Some(text)
    }
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The CPU time the process has used so far, all threads together.
fn cpu_time() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// Resident memory now: `VmRSS` of `/proc/self/status` (Linux only).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
