// Zoeken: site search without a server, for the search page of nota's
// default theme. No framework, no build step, no requests beyond the site's
// own files: index.json, one t/ shard per query word, p/ shards for phrases,
// the d/ files of the results shown, facetten.txt, and the result pages
// themselves for the excerpts. The index format is described in nota's
// src/search/format.rs; folding, word splitting and stemming here must give
// what src/search/{text,stem}.rs give (a test compares them on every word of
// the real and generated notes).
//
// The functions above `start` are pure and exported for the tests; `start`
// runs only on the search page.

// ------------------------------------------------------------ index format

export const ALPHABET = '!"#$%\'()*+,-./:;=?@[]^_`{|}~';
const BASE = 14;
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Numbers written in the index alphabet (see format.rs). */
export function readNumbers(text) {
  const out = [];
  let acc = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT[text.charCodeAt(i)];
    if (d < 0) throw new Error('not an index number');
    if (d < BASE) acc = acc * BASE + d;
    else { out.push(acc * BASE + d - BASE); acc = 0; }
  }
  return out;
}

/** Small values (one character each). */
export function readSmall(text) {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = DIGIT[text.charCodeAt(i)];
  return out;
}

/** A set of documents written as gaps, or as runs after a space (see format.rs). */
export function readDocuments(text) {
  if (!text.startsWith(' ')) return fromGaps(readNumbers(text));
  const numbers = readNumbers(text.slice(1));
  const out = [];
  let end = 0;
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    const start = end + numbers[i];
    end = start + numbers[i + 1];
    for (let d = start; d <= end; d++) out.push(d);
  }
  return out;
}

/** Gaps to increasing numbers. */
export function fromGaps(gaps) {
  let total = 0;
  return gaps.map((g) => (total += g));
}

/** FNV-1a over the UTF-8 bytes of a stem: its shard. */
export function shardOf(stem, shards) {
  let hash = 0x811c9dc5;
  for (const b of new TextEncoder().encode(stem)) {
    hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** A t/ shard as a map from stem to its raw line; decoded on use. */
export function termLines(text) {
  const lines = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const space = line.indexOf(' ');
    const tab = line.indexOf('\t');
    const end = space >= 0 && space < tab ? space : tab;
    lines.set(line.slice(0, end), line);
  }
  return lines;
}

/** One t/ line: stem, forms, compounds, documents and weights. */
export function readTermLine(line) {
  const tab = line.indexOf('\t');
  const words = line.slice(0, tab).split(' ');
  const [stem] = words;
  const forms = [];
  const compounds = [];
  let inCompounds = false;
  for (const word of words.slice(1)) {
    if (word === '~') inCompounds = true;
    else (inCompounds ? compounds : forms).push(word);
  }
  if (!forms.length) forms.push(stem);
  const numbers = line.slice(tab + 1);
  const space = numbers.indexOf(' ');
  const documents = fromGaps(readNumbers(numbers.slice(0, space)));
  const weights = readSmall(numbers.slice(space + 1));
  return { stem, forms, compounds, documents, weights };
}

/** A p/ shard: form → Map(document → positions). */
export function readPositionLines(text) {
  const out = new Map();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const numbers = readNumbers(line.slice(tab + 1));
    const documents = new Map();
    let document = 0;
    for (let at = 0; at < numbers.length;) {
      document = documents.size ? document + numbers[at] : numbers[at];
      const count = numbers[at + 1];
      documents.set(document, fromGaps(numbers.slice(at + 2, at + 2 + count)));
      at += 2 + count;
    }
    out.set(line.slice(0, tab), documents);
  }
  return out;
}

// ------------------------------------------------------------ Dutch

const FOLD = new Map();
for (const [to, from] of [
  ['a', 'àáâãäåāăąÀÁÂÃÄÅĀĂĄ'], ['ae', 'æÆ'], ['c', 'çćĉċčÇĆĈĊČ'], ['d', 'ďđĎĐ'],
  ['e', 'èéêëēĕėęěÈÉÊËĒĔĖĘĚ'], ['g', 'ĝğġģĜĞĠĢ'], ['h', 'ĥħĤĦ'],
  ['i', 'ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ'], ['ij', 'ĳĲ'], ['j', 'ĵĴ'], ['k', 'ķĶ'], ['l', 'ĺļľŀłĹĻĽĿŁ'],
  ['n', 'ñńņňÑŃŅŇ'], ['o', 'òóôõöøōŏőÒÓÔÕÖØŌŎŐ'], ['oe', 'œŒ'], ['r', 'ŕŗřŔŖŘ'],
  ['s', 'śŝşšŚŜŞŠ'], ['ss', 'ß'], ['t', 'ţťŧŢŤŦ'], ['u', 'ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ'],
  ['w', 'ŵŴ'], ['y', 'ýÿŷÝŸŶ'], ['z', 'źżžŹŻŽ'],
]) for (const c of from) FOLD.set(c, to);

/** Lower case without diacritics (ë → e, ĳ → ij, ß → ss). */
export function fold(word) {
  let out = '';
  for (const c of word) {
    const folded = FOLD.get(c);
    out += folded === undefined ? c.toLowerCase() : folded;
  }
  return out;
}

const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

/** The words of plain text, as [word, start, end]; `'s` after a word is dropped. */
export function words(text) {
  const out = [];
  const chars = Array.from(text);
  let offset = 0;
  let start = -1;
  let startOffset = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (WORD_CHAR.test(c)) {
      if (start < 0) { start = i; startOffset = offset; }
      offset += c.length;
      continue;
    }
    if (start >= 0) {
      out.push([chars.slice(start, i).join(''), startOffset, offset]);
      start = -1;
      if ((c === "'" || c === '’') && chars[i + 1] === 's') {
        offset += c.length + 1;
        i += 1;
        if (i + 1 < chars.length && WORD_CHAR.test(chars[i + 1])) { start = i + 1; startOffset = offset; }
        continue;
      }
    }
    offset += c.length;
  }
  if (start >= 0) out.push([chars.slice(start).join(''), startOffset, offset]);
  return out;
}

export const STOP_WORDS = new Set(('aan al alle als bij dan dat de der des deze die dit door dus een en er had heb ' +
  'hebben heeft het hier hij hoe hun ik in is je kan kon kunnen maar me men met mij mijn na naar niet nog nu of om ' +
  'omdat ons onze ook op over te ten ter tot u uit uw van voor want was wat we wel werd wie wij wil worden wordt zal ' +
  'ze zich zij zijn zo zou zullen').split(' '));

const SHORT_VOWEL_PLURALS = new Map([
  ['baden', 'bad'], ['bladen', 'blad'], ['dagen', 'dag'], ['daken', 'dak'], ['gaten', 'gat'], ['glazen', 'glas'],
  ['goden', 'god'], ['hoven', 'hof'], ['paden', 'pad'], ['sloten', 'slot'], ['spelen', 'spel'], ['vaten', 'vat'],
  ['wegen', 'weg'],
]);
const SINGULAR_IES = ['vies', 'precies', 'kies', 'bies'];
const NOT_PLURAL_ENS = new Set(['eens', 'ergens', 'namens', 'nergens', 'overigens', 'tijdens', 'volgens']);
const isVowel = (c) => 'aeiouy'.includes(c);

/** The stem of a folded word: the rules of src/search/stem.rs. */
export function stem(word) {
  if (word.length < 4 || !/^[a-z]+$/.test(word) || NOT_PLURAL_ENS.has(word)) return word;
  const irregular = SHORT_VOWEL_PLURALS.get(word);
  if (irregular) return irregular;
  let s = word;
  if (s.endsWith('heden') && s.length >= 8) return s.slice(0, -5) + 'heid';
  const diminutive = s.endsWith('jes') ? 3 : s.endsWith('je') ? 2 : 0;
  if (diminutive && s.length - diminutive >= 4 && !isVowel(s[s.length - diminutive - 1])) {
    return s.slice(0, -diminutive);
  }
  let vowelEnding = false;
  [s, vowelEnding] = stripPluralS(s);
  const en = stripEn(s);
  s = en[0];
  const e = stripE(s);
  s = e[0];
  return repair(s, vowelEnding || en[1] || e[1]);
}

function stripPluralS(s) {
  const n = s.length;
  if (n < 5 || s[n - 1] !== 's') return [s, false];
  const before = s.slice(0, -1);
  if (before.endsWith('en')) {
    if (n - 3 >= 3 && !isVowel(s[n - 4])) return [s.slice(0, -3), true];
    return [s, false];
  }
  const strip = before.endsWith('er') || before.endsWith('el') || before.endsWith('em') ||
    (before.endsWith('ie') && !SINGULAR_IES.some((w) => s.endsWith(w))) || before.endsWith('au') ||
    (before.endsWith('e') && n >= 6 && pluralEs(before));
  return [strip ? before : s, false];
}

function pluralEs(word) {
  if (word.endsWith('ce') || word.endsWith('ee') || word.endsWith('ie')) return false;
  return !(word.endsWith('re') && word.length >= 3 && !isVowel(word[word.length - 3]));
}

function stripEn(s) {
  const n = s.length;
  if (n < 5 || !s.endsWith('en')) return [s, false];
  const rest = s.slice(0, -2);
  const ok = !isVowel(rest[rest.length - 1]) || rest.endsWith('ee') || rest.endsWith('ie');
  return ok && rest.length >= 3 ? [rest, true] : [s, false];
}

function stripE(s) {
  const n = s.length;
  if (n < 4 || s[n - 1] !== 'e' || isVowel(s[n - 2])) return [s, false];
  return [s.slice(0, -1), true];
}

function repair(s, vowelEnding) {
  let undoubled = false;
  if (vowelEnding) {
    const n = s.length;
    if (n >= 4 && s[n - 1] === s[n - 2] && !isVowel(s[n - 1])) { s = s.slice(0, -1); undoubled = true; }
    if (s.endsWith('v')) s = s.slice(0, -1) + 'f';
    else if (s.endsWith('z')) s = s.slice(0, -1) + 's';
  }
  const syllables = (s.match(/[aeiouy]+/g) || []).length;
  const n = s.length;
  if (vowelEnding && !undoubled && syllables === 1 && n >= 3) {
    const [c1, v, c2] = [s[n - 3], s[n - 2], s[n - 1]];
    if (!isVowel(c1) && 'aeou'.includes(v) && !isVowel(c2)) s = s.slice(0, n - 1) + v + s.slice(n - 1);
  } else if (syllables >= 2 && n >= 4) {
    const [before, v1, v2, c] = [s[n - 4], s[n - 3], s[n - 2], s[n - 1]];
    if (v1 === v2 && 'aeou'.includes(v1) && !isVowel(c) && before !== v1) s = s.slice(0, n - 2) + s.slice(n - 1);
  }
  return s;
}

// ------------------------------------------------------------ queries and ranking

/**
 * A query: its terms (every word that counts, each once, with its stem) and
 * its phrases (quoted, as folded words; a stop word matches any word there).
 */
export function parseQuery(q) {
  const terms = [];
  const phrases = [];
  const add = (folded) => {
    if (folded.length < 2 || STOP_WORDS.has(folded)) return;
    if (!terms.some((t) => t.folded === folded)) terms.push({ folded, stem: stem(folded) });
  };
  const parts = q.split(/["“”„]/);
  parts.forEach((part, i) => {
    const found = words(part).map(([w]) => fold(w));
    const quoted = i % 2 === 1 && i < parts.length - 1;
    if (quoted && found.length > 1) phrases.push(found);
    found.forEach(add);
  });
  return { terms, phrases };
}

/** Inverse document frequency. */
export function idf(documents, frequency) {
  return Math.log(1 + documents / Math.max(1, frequency));
}

/**
 * The documents that have every term, best first: the sum over terms of
 * idf × weight, ties newest first (lowest number). `postings` holds per term
 * `{ documents, weights }`. Scores are kept in typed arrays and the result
 * sorted as numbers (score, then number, in one key), so that a word in
 * nearly every one of 100,000 notes is ranked in a few milliseconds.
 */
export function rank(postings, documentCount) {
  if (!postings.length || postings.some((p) => !p.documents.length)) return [];
  const order = postings.map((p, i) => i).sort((a, b) => postings[a].documents.length - postings[b].documents.length);
  const scores = new Float64Array(documentCount);
  const seen = new Uint8Array(documentCount);
  order.forEach((index, round) => {
    const { documents, weights } = postings[index];
    const weight = idf(documentCount, documents.length);
    for (let i = 0; i < documents.length; i++) {
      const d = documents[i];
      if (seen[d] === round) {
        seen[d] = round + 1;
        scores[d] += weight * weights[i];
      }
    }
  });
  const rarest = postings[order[0]].documents;
  const keys = new Float64Array(rarest.length);
  let n = 0;
  for (const d of rarest) {
    // Higher scores first (rounded, so that equal sums are equal), then lower numbers.
    if (seen[d] === order.length) keys[n++] = -Math.round(scores[d] * 1e4) * 2 ** 24 + d;
  }
  const sorted = keys.subarray(0, n).sort();
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = ((sorted[i] % 2 ** 24) + 2 ** 24) % 2 ** 24;
  return out;
}

/** Whether `document` has the phrase: `positions[i]` maps documents to the positions of word i (null: any word). */
export function hasPhrase(document, positions) {
  const first = positions.findIndex((p) => p);
  if (first < 0) return true;
  const starts = positions[first].get(document);
  if (!starts) return false;
  return starts.some((start) => positions.every((p, i) => {
    if (!p) return true;
    const at = p.get(document);
    return at !== undefined && at.includes(start - first + i);
  }));
}

/** Merges a base line (minus replaced documents) with an overlay line. */
export function withOverlay(base, overlay, replaced) {
  if (!replaced.size && !overlay) return base;
  const entries = [];
  if (base) base.documents.forEach((d, i) => { if (!replaced.has(d)) entries.push([d, base.weights[i]]); });
  if (overlay) overlay.documents.forEach((d, i) => entries.push([d, overlay.weights[i]]));
  entries.sort((a, b) => a[0] - b[0]);
  const forms = [...new Set([...(base ? base.forms : []), ...(overlay ? overlay.forms : [])])];
  const compounds = [...new Set([...(base ? base.compounds : []), ...(overlay ? overlay.compounds : [])])];
  return {
    stem: (base || overlay).stem, forms, compounds,
    documents: entries.map((e) => e[0]), weights: Uint8Array.from(entries.map((e) => e[1])),
  };
}

/**
 * A facet's terms per document, from each term's documents: `offsets[d]` to
 * `offsets[d + 1]` in `terms` are document d's terms (compact, for 100,000
 * notes).
 */
export function memberships(documentsPerTerm, documentCount) {
  const offsets = new Uint32Array(documentCount + 1);
  for (const documents of documentsPerTerm) for (const d of documents) offsets[d + 1] += 1;
  for (let d = 0; d < documentCount; d++) offsets[d + 1] += offsets[d];
  const terms = new Uint16Array(offsets[documentCount]);
  const filled = offsets.slice(0, documentCount);
  documentsPerTerm.forEach((documents, t) => { for (const d of documents) terms[filled[d]++] = t; });
  return { offsets, terms, size: documentsPerTerm.length };
}

/** Whether document `d` has one of the `chosen` terms of a facet. */
function hasTerm({ offsets, terms }, d, chosen) {
  for (let j = offsets[d]; j < offsets[d + 1]; j++) if (chosen.has(terms[j])) return true;
  return false;
}

/** Whether document `d` passes every chosen facet but `skip`. */
export function passes(d, memberships, selected, skip = -1) {
  return selected.every((chosen, f) => f === skip || !chosen.size || hasTerm(memberships[f], d, chosen));
}

/**
 * Facet counts: per facet, per term, how many of `documents` pass the other
 * facets' selections. A facet not loaded (null) gets no counts; a chosen one
 * is always loaded.
 */
export function facetCounts(documents, memberships, selected) {
  return memberships.map((facet, f) => {
    const counts = new Map();
    if (!facet) return counts;
    const tally = new Uint32Array(facet.size);
    const others = selected.some((chosen, g) => g !== f && chosen.size);
    for (const d of documents) {
      if (others && !passes(d, memberships, selected, f)) continue;
      for (let j = facet.offsets[d]; j < facet.offsets[d + 1]; j++) tally[facet.terms[j]] += 1;
    }
    tally.forEach((n, t) => { if (n) counts.set(t, n); });
    return counts;
  });
}

// ------------------------------------------------------------ the page

/** Fetches and decodes index files, each once. */
class Index {
  constructor(base, prefix) {
    this.base = base;
    this.prefix = prefix;
    this.files = new Map();
  }

  async text(path) {
    if (!this.files.has(path)) {
      // index.json is asked for anew each time; the other files carry its version.
      const version = this.manifest ? `?v=${this.manifest.versie}` : '';
      const options = this.manifest ? {} : { cache: 'no-cache' };
      this.files.set(path, fetch(this.base + path + version, options).then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.text();
      }));
    }
    return this.files.get(path);
  }

  async load() {
    this.manifest = JSON.parse(await this.text('index.json'));
    this.replaced = new Set();
    this.overlayTerms = new Map();
    this.overlayPositions = new Map();
    const overlay = this.manifest.overlay;
    if (overlay) {
      const text = await this.text(overlay.bestand);
      const [terms, positions = ''] = text.split('\n\n');
      this.replaced = new Set(overlay.documenten);
      this.overlayTerms = termLines(terms);
      this.overlayPositions = readPositionLines(positions);
    }
  }

  async shard(kind, n) {
    const key = `${kind}/${n}`;
    if (!this[key]) {
      const text = await this.text(`${kind}/${n}.txt`);
      this[key] = kind === 't' ? termLines(text) : readPositionLines(text);
    }
    return this[key];
  }

  /** A stem's line, with the overlay applied; null when no document has it. */
  async term(stemmed) {
    const lines = await this.shard('t', shardOf(stemmed, this.manifest.shards));
    const raw = lines.get(stemmed);
    const overlay = this.overlayTerms.get(stemmed);
    const line = withOverlay(raw && readTermLine(raw), overlay && readTermLine(overlay), this.replaced);
    return line && line.documents.length ? line : null;
  }

  /** A form's positions per document, with the overlay applied. */
  async positions(folded) {
    const shard = await this.shard('p', shardOf(stem(folded), this.manifest.shards));
    const base = shard.get(folded) || new Map();
    const merged = new Map([...base].filter(([d]) => !this.replaced.has(d)));
    for (const [d, p] of this.overlayPositions.get(folded) || []) merged.set(d, p);
    return merged;
  }

  /** Facet `f`: per document, its terms. */
  facet(f) {
    this.facets = this.facets || [];
    if (!this.facets[f]) {
      const facet = this.manifest.facetten[f];
      this.facets[f] = this.text(`f/${facet.param}.txt`).then((text) => {
        const lines = text.split('\n');
        return memberships(facet.termen.map((_, t) => readDocuments(lines[t] || '')), this.manifest.documenten);
      });
    }
    return this.facets[f];
  }

  /** A document's [url, title, date, type]. */
  async document(d) {
    const group = Math.floor(d / this.manifest.groep);
    const key = `d/${group}`;
    if (!this[key]) this[key] = JSON.parse(await this.text(`d/${group}.json`));
    return this[key][d % this.manifest.groep];
  }
}

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
  'oktober', 'november', 'december'];

function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** Text with the words in `marked` (folded forms) in <mark>. */
function markedText(text, marked) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const [word, start, end] of words(text)) {
    if (!marked.has(fold(word))) continue;
    fragment.append(text.slice(at, start), element('mark', {}, text.slice(start, end)));
    at = end;
  }
  fragment.append(text.slice(at));
  return fragment;
}

/** About `size` words of `text` where most marked words are close together, the first one near the start. */
export function excerpt(text, marked, size = 30) {
  const found = words(text);
  if (!found.length) return '';
  const hits = found.map(([w]) => (marked.has(fold(w)) ? 1 : 0));
  let best = -1;
  let bestCount = 0;
  let count = 0;
  for (let i = 0; i < found.length; i++) {
    count += hits[i];
    if (i >= size) count -= hits[i - size];
    if (count > bestCount) { bestCount = count; best = Math.max(0, i - size + 1); }
  }
  let from = 0;
  if (best >= 0) {
    const firstHit = hits.indexOf(1, best);
    from = Math.max(0, firstHit - 8);
  }
  const to = Math.min(found.length, from + size);
  const start = found[from][1];
  const end = found[to - 1][2];
  return (from > 0 ? '… ' : '') + text.slice(start, end).trim() + (to < found.length ? ' …' : '');
}

/** The readable text of a result page's body. */
function pageText(html) {
  const page = new DOMParser().parseFromString(html, 'text/html');
  const body = page.querySelector('.nota-inhoud') || page.querySelector('main') || page.body;
  body.querySelectorAll('.visually-hidden, [aria-hidden="true"], .footnote-ref, script, style').forEach((n) => n.remove());
  return body.textContent.replace(/\s+/g, ' ').trim();
}

const PAGE_SIZE = 10;

function start() {
  const form = document.getElementById('zoeken');
  if (!form) return;
  const input = form.elements.q;
  const status = document.getElementById('zoekstatus');
  const list = document.getElementById('zoekresultaten');
  const more = document.getElementById('meer-resultaten');
  const filters = document.getElementById('zoekfilters');
  const index = new Index(form.dataset.index, form.dataset.prefix || '');
  let current = { all: [], results: [], shown: 0, marked: new Set(), selected: [] };
  let run = 0;
  // Facets whose group was opened: loaded even when large.
  const opened = new Set();
  const EAGER_BYTES = 48 * 1024;

  document.getElementById('zonder-javascript').hidden = true;

  const say = (text) => { status.textContent = text; };

  function selectedFromUrl(params) {
    return index.manifest.facetten.map((facet) => new Set(params.getAll(facet.param)
      .map((slug) => facet.termen.findIndex(([, s]) => s === slug)).filter((t) => t >= 0)));
  }

  /** The facets to count now: small ones, opened ones, chosen ones. */
  function loadFacets(selected) {
    return Promise.all(index.manifest.facetten.map((facet, f) =>
      (facet.bytes <= EAGER_BYTES || opened.has(facet.param) || selected[f].size ? index.facet(f) : null)));
  }

  function renderFacets(counts, selected, facets) {
    // The boxes are made anew: keep focus and open groups where they were.
    const focused = document.activeElement && filters.contains(document.activeElement)
      ? document.activeElement.id : null;
    const open = new Set([...filters.querySelectorAll('details[open]')].map((d) => d.dataset.param));
    filters.replaceChildren();
    index.manifest.facetten.forEach((facet, f) => {
      const summary = element('summary', { id: `filtergroep-${facet.param}` }, facet.titel);
      if (!facets[f]) {
        // Counted when opened: the group shows only its title until then.
        const details = element('details', { class: 'zoekfilter-groep', 'data-param': facet.param }, summary,
          element('p', { class: 'zoekfilter-laden' }, 'Bezig met tellen…'));
        filters.append(details);
        return;
      }
      const terms = facet.termen.map((term, t) => ({ term, t, count: counts[f].get(t) || 0 }))
        .filter(({ t, count }) => count > 0 || selected[f].has(t));
      if (!terms.length) return;
      if (facet.veld === 'year') terms.sort((a, b) => b.term[0].localeCompare(a.term[0]));
      else terms.sort((a, b) => b.count - a.count || a.t - b.t);
      const fieldset = element('fieldset', { class: 'zoekfilter' },
        element('legend', { class: 'visually-hidden' }, facet.titel));
      const options = element('ul');
      for (const { term: [name, slug], t, count } of terms) {
        const id = `filter-${facet.param}-${slug}`;
        const box = element('input', { type: 'checkbox', id, name: facet.param, value: slug });
        box.checked = selected[f].has(t);
        options.append(element('li', {}, box, ' ', element('label', { for: id }, `${name} `,
          element('span', { class: 'aantal' }, `(${count})`))));
      }
      fieldset.append(options);
      const details = element('details', { class: 'zoekfilter-groep', 'data-param': facet.param },
        summary, fieldset);
      details.open = open.has(facet.param) || selected[f].size > 0 || terms.length <= 6;
      filters.append(details);
    });
    filters.hidden = !filters.children.length;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  async function showMore() {
    const batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    const firstNew = current.shown;
    current.shown += batch.length;
    const items = await Promise.all(batch.map(async (d) => {
      const [url, title, date, type] = await index.document(d);
      const link = element('a', { href: index.prefix + url }, markedText(title, current.marked));
      const meta = element('p', { class: 'publicatie-meta' }, element('time', { datetime: date }, longDate(date)));
      if (type) {
        meta.append(element('span', { class: 'scheiding', 'aria-hidden': 'true' }, ' · '),
          element('span', { class: 'visually-hidden' }, ', '), type[0].toUpperCase() + type.slice(1));
      }
      const summary = element('p', { class: 'uittreksel' });
      const item = element('li', {}, element('article', { class: 'publicatie' }, element('h2', {}, link), meta, summary));
      fillExcerpt(url, summary);
      return item;
    }));
    list.append(...items);
    more.hidden = current.shown >= current.results.length;
    return items[0] && items[0].querySelector('a') && firstNew > 0 ? items[0].querySelector('a') : null;
  }

  async function fillExcerpt(url, target) {
    const marked = current.marked;
    try {
      const response = await fetch(index.prefix + url);
      if (!response.ok) return;
      const text = excerpt(pageText(await response.text()), marked);
      target.replaceChildren(markedText(text, marked));
    } catch { /* the result stands without an excerpt */ }
  }

  async function search(params) {
    const mine = ++run;
    const q = (params.get('q') || '').trim();
    input.value = q;
    list.replaceChildren();
    list.hidden = true;
    more.hidden = true;
    if (!q) { say(''); filters.hidden = true; return; }
    const query = parseQuery(q);
    if (!query.terms.length) {
      say(`Geen resultaten: "${q}" bestaat alleen uit woorden die in bijna elke publicatie staan. Zoek op een woord dat meer zegt.`);
      filters.hidden = true;
      return;
    }
    say('Bezig met zoeken…');
    const started = performance.now();
    const selected = selectedFromUrl(params);
    const membershipsLoading = loadFacets(selected);
    const lines = await Promise.all(query.terms.map((t) => index.term(t.stem)));
    let results = lines.every(Boolean) ? rank(lines, index.manifest.documenten) : [];
    for (const phrase of query.phrases) {
      const positions = await Promise.all(phrase.map((w) =>
        (STOP_WORDS.has(w) || w.length < 2 ? null : index.positions(w))));
      results = results.filter((d) => hasPhrase(d, positions));
    }
    const facets = await membershipsLoading;
    if (mine !== run) return;
    const counts = facetCounts(results, facets, selected);
    const filtered = selected.some((chosen) => chosen.size)
      ? results.filter((d) => passes(d, facets, selected)) : results;
    renderFacets(counts, selected, facets);
    current = {
      all: results,
      selected,
      results: filtered,
      shown: 0,
      marked: new Set(lines.filter(Boolean).flatMap((l) => [...l.forms, ...l.compounds])),
    };
    form.dataset.ms = (performance.now() - started).toFixed(1);
    const n = filtered.length;
    say(n === 0 ? `Geen resultaten voor "${q}".`
      : `${n} ${n === 1 ? 'resultaat' : 'resultaten'} voor "${q}"${selected.some((s) => s.size) ? ' met de gekozen filters' : ''}.`);
    list.hidden = n === 0;
    await showMore();
  }

  function paramsOfForm() {
    const params = new URLSearchParams();
    const q = input.value.trim();
    if (q) params.set('q', q);
    for (const box of filters.querySelectorAll('input[type=checkbox]:checked')) params.append(box.name, box.value);
    return params;
  }

  function go(params, push) {
    const url = `${location.pathname}${params.toString() ? `?${params}` : ''}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    return search(params);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A new query starts without filters.
    const params = new URLSearchParams();
    if (input.value.trim()) params.set('q', input.value.trim());
    go(params, true);
  });
  filters.addEventListener('change', () => go(paramsOfForm(), false));
  // Opening a group that is not counted yet loads and counts it.
  filters.addEventListener('toggle', async (event) => {
    const details = event.target;
    const param = details.dataset && details.dataset.param;
    const f = index.manifest.facetten.findIndex((facet) => facet.param === param);
    if (!details.open || f < 0 || opened.has(param)) return;
    const counted = index.manifest.facetten[f].bytes <= EAGER_BYTES || current.selected[f].size > 0;
    opened.add(param);
    if (counted) return;
    const facets = await loadFacets(current.selected);
    renderFacets(facetCounts(current.all, facets, current.selected), current.selected, facets);
  }, true);
  more.querySelector('button').addEventListener('click', async () => {
    const first = await showMore();
    if (first) first.focus();
  });
  window.addEventListener('popstate', () => search(new URLSearchParams(location.search)));

  index.load().then(() => search(new URLSearchParams(location.search))).catch(() => {
    say('Zoeken is nu niet mogelijk: de zoekindex kon niet worden geladen. Probeer het later opnieuw, of gebruik de lijsten van onderwerpen, organisaties, soorten en jaren.');
    document.getElementById('zonder-javascript').hidden = false;
  });
}

if (typeof document !== 'undefined') start();
