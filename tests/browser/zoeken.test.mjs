// Unit tests of the search page's script (themes/default/static/zoeken.js):
// reading the index format, queries, ranking, phrases, facets and the
// overlay of `nota serve`. Run with `node --test tests/browser/zoeken.test.mjs`
// (tests/search.rs does).

import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(HERE, '..', '..', 'themes', 'default', 'static', 'zoeken.js');
const z = await import(pathToFileURL(script).href);

/** Writes numbers as the index does (src/search/format.rs, push_number). */
function number(n) {
  const digits = [];
  do { digits.unshift(n % 14); n = Math.floor(n / 14); } while (n > 0);
  return digits.map((d, i) => z.ALPHABET[i === digits.length - 1 ? 14 + d : d]).join('');
}
const gaps = (ns) => ns.map((n, i) => number(i ? n - ns[i - 1] : n)).join('');
const small = (ns) => ns.map((n) => z.ALPHABET[n]).join('');

test('numbers of every length are read back', () => {
  const ns = [0, 13, 14, 195, 196, 2743, 2744, 38416, 4294967295];
  assert.deepEqual(z.readNumbers(ns.map(number).join('')), ns);
  assert.deepEqual(z.readNumbers('~'), [13]);
  assert.throws(() => z.readNumbers('a'));
});

test('a term line gives its stem, forms, compounds, documents and weights', () => {
  const line = `gemeent gemeente gemeenten ~ gemeenteraad\t${gaps([0, 7, 300])} ${small([3, 1, 27])}`;
  const lines = z.termLines(`${line}\nbeleid\t${gaps([5])} ${small([1])}\n`);
  assert.deepEqual([...lines.keys()], ['gemeent', 'beleid']);
  const read = z.readTermLine(lines.get('gemeent'));
  assert.deepEqual(read.forms, ['gemeente', 'gemeenten']);
  assert.deepEqual(read.compounds, ['gemeenteraad']);
  assert.deepEqual(read.documents, [0, 7, 300]);
  assert.deepEqual([...read.weights], [3, 1, 27]);
  assert.deepEqual(z.readTermLine(lines.get('beleid')).forms, ['beleid']);
});

test('a position line gives each document its positions', () => {
  const text = `overheid\t${number(2)}${number(3)}${gaps([5, 9, 40])}${number(7)}${number(1)}${gaps([0])}\n`;
  const read = z.readPositionLines(text).get('overheid');
  assert.deepEqual([...read], [[2, [5, 9, 40]], [9, [0]]]);
});

test('document sets are read as gaps or as runs', () => {
  assert.deepEqual(z.readDocuments(gaps([3, 40, 2000])), [3, 40, 2000]);
  // Runs: 100–104, then 107–107 (gap 3 from 104, length 0).
  assert.deepEqual(z.readDocuments(` ${number(100)}${number(4)}${number(3)}${number(0)}`), [100, 101, 102, 103, 104, 107]);
  assert.deepEqual(z.readDocuments(''), []);
});

test('shards are FNV-1a over UTF-8, as in Rust', () => {
  assert.equal(z.shardOf('a', 0xffffffff), 0xe40c292c % 0xffffffff);
  assert.equal(z.shardOf('', 16), 0x811c9dc5 % 16);
});

test('a query has its words once, without stop words, and its quoted phrases', () => {
  const q = z.parseQuery('De gemeenten en "Wet open overheid" gemeenten');
  assert.deepEqual(q.terms.map((t) => t.folded), ['gemeenten', 'wet', 'open', 'overheid']);
  assert.deepEqual(q.terms.map((t) => t.stem), ['gemeent', 'wet', 'open', 'overheid']);
  assert.deepEqual(q.phrases, [['wet', 'open', 'overheid']]);
  assert.deepEqual(z.parseQuery('"onafgemaakt citaat').phrases, []);
  assert.deepEqual(z.parseQuery('de het een').terms, []);
});

test('ranking: the sum of idf × weight, a title beats the body, ties newest first', () => {
  // Document 5 has the word in its title (weight 10), 1 and 3 in the body (2).
  const term = { documents: [1, 3, 5], weights: Uint8Array.from([2, 2, 10]) };
  assert.deepEqual(z.rank([term], 100), [5, 1, 3]);
  // A rare second word decides between equal first words.
  const rare = { documents: [3], weights: Uint8Array.from([2]) };
  assert.deepEqual(z.rank([term, rare], 100), [3]);
  const common = { documents: [1, 3, 5, 7], weights: Uint8Array.from([2, 2, 2, 2]) };
  assert.deepEqual(z.rank([term, common], 100), [5, 1, 3], 'every word must be there');
  assert.deepEqual(z.rank([term, { documents: [], weights: new Uint8Array() }], 100), []);
  // Rarer words weigh more.
  assert.ok(z.idf(1000, 1) > z.idf(1000, 100));
});

test('a phrase needs its words one after the other; a stop word is any word', () => {
  const wet = new Map([[1, [3, 20]], [2, [8]]]);
  const open = new Map([[1, [21]], [2, [2]]]);
  const overheid = new Map([[1, [22]], [2, [3]]]);
  assert.ok(z.hasPhrase(1, [wet, open, overheid]));
  assert.ok(!z.hasPhrase(2, [wet, open, overheid]));
  assert.ok(z.hasPhrase(1, [wet, null, overheid]), 'a stop word between');
  assert.ok(!z.hasPhrase(3, [wet, open]));
});

test('facet counts follow the other facets\' choices', () => {
  // Two facets over documents 0–3: topic (0: a, 1: b) and year (0: 2024, 1: 2023).
  // Per facet, per term its documents.
  const memberships = [
    z.memberships([[0, 2], [1, 2]], 4),
    z.memberships([[0, 1], [2, 3]], 4),
  ];
  const none = [new Set(), new Set()];
  const counts = z.facetCounts([0, 1, 2, 3], memberships, none);
  assert.deepEqual([...counts[0]], [[0, 2], [1, 2]]);
  assert.deepEqual([...counts[1]], [[0, 2], [1, 2]]);
  // Choosing 2023 narrows the topic counts, not the year counts.
  const chosen = z.facetCounts([0, 1, 2, 3], memberships, [new Set(), new Set([1])]);
  assert.deepEqual([...chosen[0]], [[0, 1], [1, 1]]);
  assert.deepEqual([...chosen[1]], [[0, 2], [1, 2]]);
});

test('the overlay replaces the edited documents of a base line', () => {
  const base = { stem: 'zorg', forms: ['zorg'], compounds: [], documents: [1, 4, 9], weights: Uint8Array.from([2, 2, 2]) };
  const overlay = { stem: 'zorg', forms: ['zorgen'], compounds: [], documents: [9], weights: Uint8Array.from([10]) };
  const merged = z.withOverlay(base, overlay, new Set([4, 9]));
  assert.deepEqual(merged.documents, [1, 9]);
  assert.deepEqual([...merged.weights], [2, 10]);
  assert.deepEqual(merged.forms, ['zorg', 'zorgen']);
  assert.equal(z.withOverlay(base, undefined, new Set()), base);
  assert.deepEqual(z.withOverlay(base, undefined, new Set([1, 4, 9])).documents, []);
});

test('an excerpt is cut around the marked words and keeps whole words', () => {
  const text = `${'woord '.repeat(50)}de gemeente betaalt ${'ander '.repeat(50)}`;
  const cut = z.excerpt(text, new Set(['gemeente']), 10);
  assert.ok(cut.startsWith('… ') && cut.endsWith(' …'), cut);
  assert.ok(cut.includes('de gemeente betaalt'), cut);
  assert.equal(z.excerpt('kort', new Set(['x'])), 'kort');
});

test('words and folding follow the Rust rules', () => {
  assert.deepEqual(z.words("thema's, auto’s en jeugd-ggz").map(([w]) => w), ['thema', 'auto', 'en', 'jeugd', 'ggz']);
  assert.equal(z.fold('Financiële Ĳssel Straße'), 'financiele ijssel strasse');
  assert.equal(z.stem('gemeenten'), 'gemeent');
  assert.equal(z.stem('problemen'), z.stem('probleem'));
  assert.notEqual(z.stem('mening'), z.stem('gemeente'));
});
