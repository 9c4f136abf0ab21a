//! Keys: a BLAKE3 hash of everything a result was computed from.
//!
//! The reuse between builds (`incremental`) stores every result under the
//! key of what it was made from, and compares keys to decide what to make
//! again. No stage needs keys.

/// A hash of every input of one stage for one note.
pub type Key = blake3::Hash;

/// Builds a [`Key`] from parts; each part is length-prefixed so that
/// `("ab", "c")` and `("a", "bc")` differ.
///
/// Parts are gathered in a buffer and hashed in one go: most keys (one per
/// page, per list, per check) are a few hundred bytes of many tiny parts,
/// and a streaming hasher is a large value (about 2 KB) that would be set up,
/// moved and cloned for each of them. Only a key that outgrows the buffer
/// (the parts of every page of a site, a serialized context) gets one. The
/// key is the same either way: BLAKE3 of the whole stream of parts.
#[derive(Default)]
pub struct KeyBuilder {
    /// The hasher for what was flushed, once the key outgrew the buffer.
    hasher: Option<Box<blake3::Hasher>>,
    pending: Vec<u8>,
}

/// Parts at least this long are hashed directly rather than buffered.
const DIRECT_PART: usize = 1024;
/// The buffer is hashed whenever it grows past this.
const FLUSH_AT: usize = 64 * 1024;

impl KeyBuilder {
    pub fn new(domain: &str) -> Self {
        let mut builder = Self {
            hasher: None,
            pending: Vec::with_capacity(256),
        };
        builder.part(domain.as_bytes());
        builder
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.pending
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        if bytes.len() >= DIRECT_PART {
            self.flush();
            self.hasher().update(bytes);
        } else {
            self.pending.extend_from_slice(bytes);
            if self.pending.len() >= FLUSH_AT {
                self.flush();
            }
        }
        self
    }

    pub fn key(&mut self, key: &Key) -> &mut Self {
        self.part(key.as_bytes())
    }

    /// The key with `value`, serialized as JSON, as its last part: streamed
    /// into the hash rather than serialized into one buffer first (it can be
    /// megabytes, e.g. the whole inventory). `None` when it cannot be
    /// serialized.
    pub fn finish_with_serialized(mut self, value: &impl serde::Serialize) -> Option<Key> {
        self.flush();
        let mut writer = std::io::BufWriter::with_capacity(FLUSH_AT, self.hasher());
        serde_json::to_writer(&mut writer, value).ok()?;
        std::io::Write::flush(&mut writer).ok()?;
        drop(writer);
        Some(self.finish())
    }

    pub fn finish(&self) -> Key {
        match &self.hasher {
            None => blake3::hash(&self.pending),
            Some(hasher) => {
                let mut hasher = (**hasher).clone();
                hasher.update(&self.pending);
                hasher.finalize()
            }
        }
    }

    fn hasher(&mut self) -> &mut blake3::Hasher {
        self.hasher.get_or_insert_with(Default::default)
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        self.hasher().update(&pending);
        self.pending = pending;
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_separated() {
        let a = KeyBuilder::new("t").part(b"ab").part(b"c").finish();
        let b = KeyBuilder::new("t").part(b"a").part(b"bc").finish();
        assert_ne!(a, b);
    }

    #[test]
    fn buffered_parts_hash_like_one_stream() {
        let long = vec![7u8; DIRECT_PART + 5];
        let many: Vec<Vec<u8>> = (0..20_000u32).map(|i| i.to_le_bytes().to_vec()).collect();
        let mut built = KeyBuilder::new("t");
        let mut plain = blake3::Hasher::new();
        for part in [b"t".as_slice(), b"short", &long]
            .into_iter()
            .chain(many.iter().map(Vec::as_slice))
        {
            if part != b"t" {
                built.part(part);
            }
            plain.update(&(part.len() as u64).to_le_bytes());
            plain.update(part);
        }
        assert_eq!(built.finish(), plain.finalize());
        assert_eq!(built.finish(), built.finish(), "finishing does not consume");
    }

    #[test]
    fn a_short_key_hashes_like_one_stream() {
        let built = KeyBuilder::new("t").part(b"ab").finish();
        let mut plain = blake3::Hasher::new();
        for part in [b"t".as_slice(), b"ab"] {
            plain.update(&(part.len() as u64).to_le_bytes());
            plain.update(part);
        }
        assert_eq!(built, plain.finalize());
    }
}
