#!/usr/bin/env node
// search-words.mjs — what the search page's script makes of words, for the
// Rust tests to compare with the index builder (tests/search.rs).
//
// Usage: node tests/browser/search-words.mjs <input.json>
// Input:  { "texts": [plain text, ...], "words": [word, ...], "shards": n }
// Output: { "words": [[word, ...] per text], "folded": [...], "stems": [...], "shards": [...] }
// (folded, stems and shards per input word; stems of the folded word).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const script = path.join(HERE, '..', '..', 'themes', 'default', 'static', 'zoeken.js');
const { fold, stem, shardOf, words } = await import(pathToFileURL(script).href);

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const folded = input.words.map(fold);
process.stdout.write(JSON.stringify({
  words: input.texts.map((t) => words(t).map(([w]) => w)),
  folded,
  stems: folded.map(stem),
  shards: folded.map((f) => shardOf(stem(f), input.shards)),
}));
