// Builds Hygie's own password lists from pinned npm packages and hand-made
// inputs (run by `make vendor`, before build.mjs; deterministic):
//   places.json   French communes of 5,000 inhabitants or more, most populated
//                 first (@etalab/decoupage-administratif: INSEE Code officiel
//                 géographique and populations, Licence Ouverte 2.0).
//   azerty.json   the French AZERTY keyboard as a zxcvbn adjacency graph.
//   words.json    the passphrase list: 7,776 French words (see buildWords).
// clubs.json and health.json are written by hand and only read here.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const write = (name, data) =>
  writeFileSync(join(here, name), `${JSON.stringify(data, null, 0).replace(/","/g, '",\n"')}\n`);

const fold = (text) =>
  text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
// A name as people type it in a password: no accent, space, hyphen or apostrophe.
const compact = (text) => fold(text).replace(/[^a-z0-9]/g, "");

const MIN_POPULATION = 5000;

function buildPlaces() {
  const communes = require("@etalab/decoupage-administratif/data/communes.json");
  const ranked = communes
    .filter((c) => c.type === "commune-actuelle" && (c.population || 0) >= MIN_POPULATION)
    .sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  const seen = new Set();
  const names = [];
  for (const commune of ranked) {
    const name = compact(commune.nom);
    if (name.length >= 3 && !seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  }
  return names;
}

// French AZERTY (ISO, 105 keys): each key as "unshifted shifted", rows from the
// digits down; `start` is the row's column under the slanted layout that
// zxcvbn's own qwerty graph uses (the row of letters starts under « & »).
const AZERTY_ROWS = [
  { start: 0, keys: "²~ &1 é2 \"3 '4 (5 -6 è7 _8 ç9 à0 )° =+" },
  { start: 1, keys: "aA zZ eE rR tT yY uU iI oO pP ^¨ $£" },
  { start: 1, keys: "qQ sS dD fF gG hH jJ kK lL mM ù% *µ" },
  { start: 0, keys: "<> wW xX cC vV bB nN ,? ;. :/ !§" },
];

function buildAzerty() {
  const at = new Map();
  AZERTY_ROWS.forEach((row, y) => {
    row.keys.split(" ").forEach((key, i) => at.set(`${row.start + i},${y}`, key));
  });
  const graph = {};
  for (const [position, key] of at) {
    const [x, y] = position.split(",").map(Number);
    // zxcvbn's order for a slanted keyboard: left, up-left, up-right, right,
    // down-right, down-left; null where there is no key.
    const around = [
      [x - 1, y],
      [x, y - 1],
      [x + 1, y - 1],
      [x + 1, y],
      [x, y + 1],
      [x - 1, y + 1],
    ].map(([nx, ny]) => at.get(`${nx},${ny}`) || null);
    for (const char of key) graph[char] = around;
  }
  return graph;
}

const WORD_COUNT = 7776; // 6^5: 12.92 bits a word, as in Diceware.
const WORD_RE = /^[a-zàâäçéèêëîïôöùûüÿœæ]{4,8}$/;

/**
 * The passphrase list:
 * 1. language-fr's commonWords (OpenSubtitles via OPUS, ODC-BY), most frequent
 *    first, so the words are familiar;
 * 2. lowercase words of 4 to 8 letters found in an-array-of-french-words (the
 *    subtitles hold English words and names);
 * 3. no first name, surname, commune or club (they would read as weaknesses),
 *    no word of french-badwords-list nor of excluded-words.txt;
 * 4. unique once accents are removed, so « sans accents » keeps the entropy;
 * 5. the first 7,776.
 */
function buildWords(places, clubs) {
  const fr = (name) => require(`@zxcvbn-ts/language-fr/src/${name}.json`);
  const french = new Set(require("an-array-of-french-words"));
  const excluded = new Set([
    ...fr("firstnames"),
    ...fr("lastnames"),
    ...places,
    ...clubs,
    ...readFileSync(require.resolve("french-badwords-list/list.txt"), "utf8").split("\n"),
  ]);
  const stems = readFileSync(join(here, "excluded-words.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  const blocked = (word) =>
    stems.some((stem) => (stem.endsWith("*") ? word.startsWith(stem.slice(0, -1)) : word === stem));
  const seen = new Set();
  const words = [];
  for (const word of fr("commonWords")) {
    if (!WORD_RE.test(word) || !french.has(word)) continue;
    const folded = fold(word);
    if (seen.has(folded) || excluded.has(word) || excluded.has(folded)) continue;
    if (blocked(word) || blocked(folded)) continue;
    seen.add(folded);
    words.push(word);
    if (words.length === WORD_COUNT) break;
  }
  if (words.length !== WORD_COUNT) throw new Error(`only ${words.length} passphrase words`);
  return words;
}

const places = buildPlaces();
const clubs = readJson(join(here, "clubs.json"));
write("places.json", places);
writeFileSync(join(here, "azerty.json"), `${JSON.stringify(buildAzerty(), null, 1)}\n`);
write("words.json", buildWords(places, clubs));
console.log(`places: ${places.length}, words: ${WORD_COUNT}`);
