//! Splitting a term's notes over pages: `/onderwerpen/x/`, then
//! `/onderwerpen/x/pagina/2/`, …, and the links between them.

use serde::Serialize;

/// The URL of page `number` (1-based) of a list whose first page is `first`.
pub fn page_url(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}pagina/{number}/")
    }
}

/// How many pages `items` notes need at `page_size` per page (at least one).
pub fn page_count(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size.max(1)).max(1)
}

/// `pagination` in `term.html`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// 1-based number of this page.
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Page links to show; `number` is `None` for a gap ("…").
    pub links: Vec<PageLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

/// Pages within this distance of the current one are linked; the first and
/// last always are, the rest become one gap.
const WINDOW: usize = 2;

impl Pagination {
    pub fn new(first: &str, current: usize, total: usize) -> Self {
        let mut links = Vec::new();
        for number in 1..=total {
            let near = number.abs_diff(current) <= WINDOW;
            if number == 1 || number == total || near {
                links.push(PageLink {
                    number: Some(number),
                    url: Some(page_url(first, number)),
                    current: number == current,
                });
            } else if links.last().is_some_and(|l: &PageLink| l.number.is_some()) {
                links.push(PageLink {
                    number: None,
                    url: None,
                    current: false,
                });
            }
        }
        Self {
            current,
            total,
            prev_url: (current > 1).then(|| page_url(first, current - 1)),
            next_url: (current < total).then(|| page_url(first, current + 1)),
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_page_has_the_plain_url() {
        assert_eq!(page_url("/onderwerpen/woo/", 1), "/onderwerpen/woo/");
        assert_eq!(
            page_url("/onderwerpen/woo/", 3),
            "/onderwerpen/woo/pagina/3/"
        );
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
    }

    #[test]
    fn long_lists_get_gaps() {
        let p = Pagination::new("/x/", 6, 10);
        let shown: Vec<Option<usize>> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(
            shown,
            vec![
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(10)
            ]
        );
        assert_eq!(p.prev_url.as_deref(), Some("/x/pagina/5/"));
        assert_eq!(p.next_url.as_deref(), Some("/x/pagina/7/"));
        assert!(p.links[4].current);
        let only = Pagination::new("/x/", 1, 1);
        assert_eq!(only.prev_url, None);
        assert_eq!(only.next_url, None);
    }
}
