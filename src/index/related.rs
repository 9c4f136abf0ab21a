//! "Related notes" for every note: the notes sharing most topics with it,
//! then the newest, then by URL, so the choice is fully determined.
//!
//! Counting runs per note over the notes of its own topics only (never over
//! all pairs), with one reusable counter array per thread: with 10,000 notes
//! and Zipf-distributed topics this stays a few tens of millions of
//! increments.

use std::cmp::Ordering;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::index::collate;
use crate::page::Page;

/// How many related notes a note shows.
pub const MAX_RELATED: usize = 5;

/// For every page (site order), up to [`MAX_RELATED`] indices of related pages.
pub fn build(pages: &[Page]) -> Vec<Vec<usize>> {
    let (page_topics, topic_pages) = topic_lists(pages);
    let notes = Notes {
        pages,
        dates: pages.iter().map(|p| p.meta.date).collect(),
        page_topics,
        topic_pages,
    };
    (0..pages.len())
        .into_par_iter()
        // One counter array per chunk of notes, not per note.
        .with_min_len(256)
        .map_init(
            || Counter::new(pages.len()),
            |counter, index| related_to(index, &notes, counter),
        )
        .collect()
}

/// What ranking needs, laid out for fast access: dates in one array rather
/// than inside the (large) pages.
struct Notes<'a> {
    pages: &'a [Page],
    dates: Vec<jiff::civil::Date>,
    page_topics: Vec<Vec<usize>>,
    topic_pages: Vec<Vec<usize>>,
}

/// Topic ids per page (merged spellings count as one) and pages per topic.
fn topic_lists(pages: &[Page]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut topic_pages: Vec<Vec<usize>> = Vec::new();
    let mut page_topics = Vec::with_capacity(pages.len());
    for (index, page) in pages.iter().enumerate() {
        let mut own: Vec<usize> = Vec::new();
        for topic in &page.meta.topics {
            let next = ids.len();
            let id = *ids.entry(collate::merge_key(topic)).or_insert(next);
            if id == next {
                topic_pages.push(Vec::new());
            }
            if !own.contains(&id) {
                own.push(id);
                topic_pages[id].push(index);
            }
        }
        page_topics.push(own);
    }
    (page_topics, topic_pages)
}

/// Shared-topic counts for one note at a time, reset after use.
struct Counter {
    counts: Vec<u32>,
    touched: Vec<usize>,
}

impl Counter {
    fn new(len: usize) -> Self {
        Self {
            counts: vec![0; len],
            touched: Vec::new(),
        }
    }
}

fn related_to(index: usize, notes: &Notes<'_>, counter: &mut Counter) -> Vec<usize> {
    for &topic in &notes.page_topics[index] {
        for &other in &notes.topic_pages[topic] {
            if other == index {
                continue;
            }
            if counter.counts[other] == 0 {
                counter.touched.push(other);
            }
            counter.counts[other] += 1;
        }
    }
    let counts = &counter.counts;
    // Best first: most shared topics, then newest, then URL.
    let rank = |a: usize, b: usize| -> Ordering {
        counts[b]
            .cmp(&counts[a])
            .then_with(|| notes.dates[b].cmp(&notes.dates[a]))
            .then_with(|| notes.pages[a].url.cmp(&notes.pages[b].url))
    };
    let mut best: Vec<usize> = Vec::with_capacity(MAX_RELATED + 1);
    for &candidate in &counter.touched {
        let full = best.len() == MAX_RELATED;
        if full && rank(best[MAX_RELATED - 1], candidate) == Ordering::Less {
            continue;
        }
        let position = best.partition_point(|&kept| rank(kept, candidate) == Ordering::Less);
        best.insert(position, candidate);
        best.truncate(MAX_RELATED);
    }
    for &t in &counter.touched {
        counter.counts[t] = 0;
    }
    counter.touched.clear();
    best
}
