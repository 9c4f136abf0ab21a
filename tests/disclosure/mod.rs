//! Generated adversarial sites for the disclosure promise (issue 13): the
//! generator (`generate`), the build-and-check of one site (`check`), and
//! here the campaign that runs many, shrinks every failing site to a minimal
//! one and saves it as a fixture.

pub mod check;
pub mod generate;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use check::{Failure, Outcome, Workspace};
use generate::{Chunk, Generator, Site};

/// How many sites, or for how long, from which seed.
pub struct Campaign {
    pub seed: u64,
    pub cases: Option<u64>,
    pub time: Option<Duration>,
    pub jobs: usize,
    pub timeout: Duration,
    /// Where failing sites are saved, shrunk, as fixtures.
    pub save: Option<PathBuf>,
}

/// What a campaign saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub cases: u64,
    pub built: u64,
    pub refused: u64,
    /// Sites made of what builds that were refused all the same, with
    /// the codes: a refusal nota should not have made.
    pub refused_valid: Vec<(u64, Vec<String>)>,
    /// Refusals by the error codes reported (a site counts once per code).
    pub codes: BTreeMap<String, u64>,
    pub failures: Vec<(u64, Failure, Option<PathBuf>)>,
}

impl Tally {
    pub fn report(&self) -> String {
        let mut out = format!(
            "{} sites: {} built, {} refused, {} failed\n",
            self.cases,
            self.built,
            self.refused,
            self.failures.len()
        );
        for (code, n) in &self.codes {
            out.push_str(&format!("  refused with {code}: {n}\n"));
        }
        out.push_str(&format!(
            "  sites made only of what builds, refused: {}\n",
            self.refused_valid.len()
        ));
        for (seed, codes) in self.refused_valid.iter().take(10) {
            out.push_str(&format!("    seed {seed:#x}: {}\n", codes.join(", ")));
        }
        for (seed, failure, saved) in &self.failures {
            out.push_str(&format!(
                "  FAILED seed {seed:#x} ({:?}){}: {}\n",
                failure.kind,
                saved
                    .as_ref()
                    .map(|p| format!(", saved in {}", p.display()))
                    .unwrap_or_default(),
                failure.detail.lines().next().unwrap_or("")
            ));
        }
        out
    }
}

/// The seed of case `index` of a campaign.
pub fn case_seed(seed: u64, index: u64) -> u64 {
    // Scrambled, so that neighbouring cases do not share their random stream.
    let mut z = seed ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03);
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

pub fn run(campaign: &Campaign) -> Tally {
    let next = AtomicU64::new(0);
    let tally = Mutex::new(Tally::default());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..campaign.jobs.max(1) {
            scope.spawn(|| {
                let workspace = Workspace::new(campaign.timeout);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let out_of_cases = campaign.cases.is_some_and(|n| index >= n);
                    let out_of_time = campaign.time.is_some_and(|t| started.elapsed() >= t);
                    if out_of_cases || out_of_time {
                        break;
                    }
                    let seed = case_seed(campaign.seed, index);
                    let site = Generator::new(seed).site();
                    let outcome = workspace.run(&site);
                    let adversarial = site.adversarial;
                    let saved = match &outcome {
                        Outcome::Failed(failure) => campaign
                            .save
                            .as_ref()
                            .map(|dir| save_shrunk(&workspace, site, failure, dir)),
                        _ => None,
                    };
                    let mut tally = tally.lock().expect("tally");
                    tally.cases += 1;
                    match outcome {
                        Outcome::Built => tally.built += 1,
                        Outcome::Refused(codes) => {
                            tally.refused += 1;
                            if !adversarial {
                                tally
                                    .refused_valid
                                    .push((seed, codes.iter().cloned().collect()));
                            }
                            for code in codes {
                                *tally.codes.entry(code).or_default() += 1;
                            }
                        }
                        Outcome::Failed(failure) => tally.failures.push((seed, failure, saved)),
                    }
                }
            });
        }
    });
    tally.into_inner().expect("tally")
}

/// Shrinks a failing site and saves it under `dir`; returns its folder.
fn save_shrunk(workspace: &Workspace, site: Site, failure: &Failure, dir: &Path) -> PathBuf {
    let small = shrink(workspace, site, failure.kind, 300);
    let detail = match workspace.run(&small) {
        Outcome::Failed(f) => f.detail,
        _ => failure.detail.clone(),
    };
    let folder = dir.join(format!("case-{:016x}", small.seed));
    save(&small, &folder, &format!("{:?}: {detail}", failure.kind));
    folder
}

/// Writes a site as a fixture: `content/`, `secrets.txt` (the tokens that
/// must not be published) and `failure.txt`. It is built with the
/// repository's `nota.toml`.
pub fn save(site: &Site, folder: &Path, failure: &str) {
    let _ = fs::remove_dir_all(folder);
    fs::create_dir_all(folder).expect("fixture folder");
    check::write_site(site, folder);
    let secrets: Vec<String> = site.secrets().into_iter().collect();
    fs::write(folder.join("secrets.txt"), secrets.join("\n") + "\n").expect("secrets");
    fs::write(
        folder.join("failure.txt"),
        format!("seed {:#x}\n{failure}\n", site.seed),
    )
    .expect("failure");
}

/// The smallest site found that still fails the same way: notes, chunks,
/// section-5 blocks, fields, footnote texts and copied files are dropped
/// one at a time, as long as the failure stays.
pub fn shrink(workspace: &Workspace, mut site: Site, kind: check::Kind, budget: usize) -> Site {
    let mut runs = 0;
    let fails = |candidate: &Site, runs: &mut usize| {
        *runs += 1;
        matches!(workspace.run(candidate), Outcome::Failed(f) if f.kind == kind)
    };
    loop {
        let mut progress = false;
        for candidate in smaller(&site) {
            if runs >= budget {
                return site;
            }
            if fails(&candidate, &mut runs) {
                site = candidate;
                progress = true;
                break;
            }
        }
        if !progress {
            return site;
        }
    }
}

/// Every site with one thing less than `site`, biggest cuts first.
fn smaller(site: &Site) -> Vec<Site> {
    let mut out = Vec::new();
    if site.notes.len() > 1 {
        for i in 0..site.notes.len() {
            let mut s = site.clone();
            s.notes.remove(i);
            out.push(s);
        }
    }
    for i in 0..site.assets.len() {
        let mut s = site.clone();
        s.assets.remove(i);
        out.push(s);
    }
    for n in 0..site.notes.len() {
        let note = &site.notes[n];
        for c in 0..note.chunks.len() {
            let mut s = site.clone();
            s.notes[n].chunks.remove(c);
            out.push(s);
            if let Chunk::Section5 { content, .. } = &note.chunks[c] {
                for k in 0..content.len() {
                    let mut s = site.clone();
                    if let Chunk::Section5 { content, .. } = &mut s.notes[n].chunks[c] {
                        content.remove(k);
                    }
                    out.push(s);
                }
            }
        }
        for f in 0..note.fields.len() {
            let mut s = site.clone();
            s.notes[n].fields.remove(f);
            out.push(s);
        }
        for f in 0..note.footnotes.len() {
            if !note.footnotes[f].markdown.is_empty() {
                let mut s = site.clone();
                s.notes[n].footnotes[f] = generate::Raw::default();
                s.notes[n].footnotes[f].markdown = "Noot.".to_string();
                out.push(s);
            }
        }
        for change in [
            |n: &mut generate::Note| std::mem::take(&mut n.draft),
            |n: &mut generate::Note| std::mem::take(&mut n.niet_openbaar),
            |n: &mut generate::Note| std::mem::take(&mut n.toml),
        ] {
            let mut s = site.clone();
            if change(&mut s.notes[n]) {
                out.push(s);
            }
        }
    }
    out
}
