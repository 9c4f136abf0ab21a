//! "Related notes" for every note: the notes sharing most topics with it,
//! then the newest, then by URL, so the choice is fully determined.
//!
//! Counting shared topics over every note of a note's topics grows with the
//! square of the site: a popular topic holds a quarter of all notes, so at
//! 100,000 notes that was billions of increments (12 s of a 33 s build).
//! Instead, every set of topics that notes have in common is indexed once
//! (each note is listed under every subset of its topics, newest first), and
//! a note's related notes are read off the lists of its own topic subsets,
//! largest subsets first: the first five notes found are the answer, so the
//! work per note no longer depends on the size of the site. Notes with more
//! than [`MAX_INDEXED_TOPICS`] topics are not indexed by subset (there would
//! be too many); they are scored one by one, and a note that has that many
//! topics itself falls back to counting.

use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

use rayon::prelude::*;

use crate::index::collate;
use crate::page::Page;

/// How many related notes a note shows.
pub const MAX_RELATED: usize = 5;

/// Notes with more topics than this are not indexed by topic subset.
const MAX_INDEXED_TOPICS: usize = 6;

/// For every page (site order), up to [`MAX_RELATED`] indices of related pages.
pub fn build(pages: &[Page]) -> Vec<Vec<usize>> {
    let (page_topics, topic_pages) = topic_lists(pages);
    let rank = rank_positions(pages);
    let notes = Notes {
        rank,
        page_topics,
        topic_pages,
    };
    notes.all_related()
}

/// Each page's position in "newest first, then by URL" order.
fn rank_positions(pages: &[Page]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| {
        pages[b]
            .meta
            .date
            .cmp(&pages[a].meta.date)
            .then_with(|| pages[a].url.cmp(&pages[b].url))
            .then_with(|| a.cmp(&b))
    });
    let mut rank = vec![0; pages.len()];
    for (position, &page) in order.iter().enumerate() {
        rank[page] = position;
    }
    rank
}

/// What ranking needs: every page's rank position, its topic ids (sorted)
/// and the pages of every topic.
struct Notes {
    rank: Vec<usize>,
    page_topics: Vec<Vec<usize>>,
    topic_pages: Vec<Vec<usize>>,
}

impl Notes {
    fn all_related(&self) -> Vec<Vec<usize>> {
        let subsets = SubsetIndex::new(self);
        let count = self.rank.len();
        (0..count)
            .into_par_iter()
            .with_min_len(256)
            .map_init(
                || None,
                |counter: &mut Option<Counter>, index| {
                    if self.page_topics[index].len() <= MAX_INDEXED_TOPICS {
                        subsets.related_to(index, self)
                    } else {
                        let counter = counter.get_or_insert_with(|| Counter::new(count));
                        related_by_counting(index, self, counter)
                    }
                },
            )
            .collect()
    }
}

/// Pages by topic subset, each list in rank order, plus the pages with too
/// many topics to index that way.
struct SubsetIndex {
    lists: HashMap<Vec<usize>, Vec<usize>>,
    wide: Vec<usize>,
}

impl SubsetIndex {
    fn new(notes: &Notes) -> Self {
        let mut by_rank: Vec<usize> = (0..notes.rank.len()).collect();
        by_rank.sort_by_key(|&page| notes.rank[page]);
        let mut lists: HashMap<Vec<usize>, Vec<usize>> = HashMap::default();
        let mut wide = Vec::new();
        for page in by_rank {
            let topics = &notes.page_topics[page];
            if topics.len() > MAX_INDEXED_TOPICS {
                wide.push(page);
                continue;
            }
            for mask in 1..(1u32 << topics.len()) {
                lists.entry(subset(topics, mask)).or_default().push(page);
            }
        }
        Self { lists, wide }
    }

    /// The best related notes of `index`, whose topics are at most
    /// [`MAX_INDEXED_TOPICS`]: level by level from all its topics down to
    /// one, the notes listed under a subset of that size that were not
    /// picked yet share exactly that many topics; merged in rank order.
    fn related_to(&self, index: usize, notes: &Notes) -> Vec<usize> {
        let topics = &notes.page_topics[index];
        // (shared topics, rank position, page)
        let mut picked: Vec<(usize, usize, usize)> = Vec::with_capacity(MAX_RELATED);
        for level in (1..=topics.len()).rev() {
            if picked.len() == MAX_RELATED {
                break;
            }
            let lists: Vec<&[usize]> = (1..(1u32 << topics.len()))
                .filter(|mask| mask.count_ones() as usize == level)
                .filter_map(|mask| self.lists.get(&subset(topics, mask)))
                .map(Vec::as_slice)
                .collect();
            let mut heads = vec![0; lists.len()];
            while picked.len() < MAX_RELATED {
                let mut best: Option<(usize, usize)> = None; // (rank, list)
                for (which, list) in lists.iter().enumerate() {
                    let head = &mut heads[which];
                    while list
                        .get(*head)
                        .is_some_and(|&p| p == index || picked.iter().any(|k| k.2 == p))
                    {
                        *head += 1;
                    }
                    if let Some(&page) = list.get(*head) {
                        let rank = notes.rank[page];
                        if best.is_none_or(|(r, _)| rank < r) {
                            best = Some((rank, which));
                        }
                    }
                }
                let Some((rank, which)) = best else { break };
                picked.push((level, rank, lists[which][heads[which]]));
                heads[which] += 1;
            }
        }
        if !self.wide.is_empty() {
            for &page in &self.wide {
                let shared = shared_count(topics, &notes.page_topics[page]);
                if page != index && shared > 0 {
                    picked.push((shared, notes.rank[page], page));
                }
            }
            picked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            picked.truncate(MAX_RELATED);
        }
        picked.into_iter().map(|(_, _, page)| page).collect()
    }
}

/// The topics of `topics` (sorted) whose bits are set in `mask`.
fn subset(topics: &[usize], mask: u32) -> Vec<usize> {
    topics
        .iter()
        .enumerate()
        .filter(|(bit, _)| mask & (1 << bit) != 0)
        .map(|(_, &topic)| topic)
        .collect()
}

/// Topics two sorted topic lists have in common.
fn shared_count(a: &[usize], b: &[usize]) -> usize {
    a.iter().filter(|t| b.binary_search(t).is_ok()).count()
}

/// Topic ids per page (merged spellings count as one) and pages per topic.
fn topic_lists(pages: &[Page]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut ids: HashMap<String, usize> = HashMap::default();
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
        own.sort_unstable();
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

/// Related notes by counting shared topics over the pages of every topic of
/// `index`: for notes with too many topics for the subset index.
fn related_by_counting(index: usize, notes: &Notes, counter: &mut Counter) -> Vec<usize> {
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
    // Best first: most shared topics, then newest, then URL (the rank).
    let rank = |a: usize, b: usize| -> Ordering {
        counts[b]
            .cmp(&counts[a])
            .then_with(|| notes.rank[a].cmp(&notes.rank[b]))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no extra crate for one test).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n
        }
    }

    fn random_notes(seed: u64, count: usize, topics: usize) -> Notes {
        let mut rng = Lcg(seed);
        let mut page_topics = Vec::new();
        let mut topic_pages = vec![Vec::new(); topics];
        for page in 0..count {
            // Mostly 1-4 topics, skewed to the first ones; now and then a wide note.
            let wanted = if rng.below(40) == 0 {
                7 + rng.below(4)
            } else {
                1 + rng.below(4)
            };
            let mut own: Vec<usize> = Vec::new();
            while own.len() < wanted.min(topics) {
                let skew = 1 + rng.below(topics);
                let topic = rng.below(skew);
                if !own.contains(&topic) {
                    own.push(topic);
                }
            }
            own.sort_unstable();
            for &t in &own {
                topic_pages[t].push(page);
            }
            page_topics.push(own);
        }
        let mut order: Vec<usize> = (0..count).collect();
        for i in (1..count).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let mut rank = vec![0; count];
        for (position, &page) in order.iter().enumerate() {
            rank[page] = position;
        }
        Notes {
            rank,
            page_topics,
            topic_pages,
        }
    }

    #[test]
    fn the_subset_index_picks_exactly_what_counting_picks() {
        for seed in 1..=20 {
            let notes = random_notes(seed, 300, 12);
            let subsets = SubsetIndex::new(&notes);
            let mut counter = Counter::new(notes.rank.len());
            for index in 0..notes.rank.len() {
                if notes.page_topics[index].len() > MAX_INDEXED_TOPICS {
                    continue;
                }
                assert_eq!(
                    subsets.related_to(index, &notes),
                    related_by_counting(index, &notes, &mut counter),
                    "seed {seed}, note {index}, topics {:?}",
                    notes.page_topics[index]
                );
            }
        }
    }

    #[test]
    fn wide_notes_are_ranked_by_counting() {
        let notes = random_notes(7, 200, 10);
        let all = notes.all_related();
        let mut counter = Counter::new(notes.rank.len());
        for (index, related) in all.iter().enumerate() {
            assert_eq!(*related, related_by_counting(index, &notes, &mut counter));
        }
    }
}
