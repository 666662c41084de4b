// Passphrases and random passwords. Every draw goes through random(n), a
// uniform integer in [0, n): by default crypto.getRandomValues with rejection
// sampling (no modulo bias), never Math.random; tests inject their own.
import WORDS from "./words.json";
import { chars, fold } from "./text.js";

const UINT32 = 2 ** 32;

export function cryptoRandom(n) {
  if (!Number.isInteger(n) || n < 1 || n > UINT32) {
    throw new Error("Tirage impossible : l'intervalle demandé n'est pas valable.");
  }
  const source = globalThis.crypto;
  if (!source || typeof source.getRandomValues !== "function") {
    throw new Error(
      "Ce navigateur ne fournit pas de générateur aléatoire sûr : la génération est impossible ici.",
    );
  }
  // The largest multiple of n below 2^32: values at or above it are drawn
  // again, so that every remainder is equally likely.
  const limit = UINT32 - (UINT32 % n);
  const buffer = new Uint32Array(1);
  for (;;) {
    source.getRandomValues(buffer);
    if (buffer[0] < limit) return buffer[0] % n;
  }
}

function checkedDraw(random) {
  return (n) => {
    const value = random(n);
    if (!Number.isInteger(value) || value < 0 || value >= n) {
      throw new Error("Le générateur aléatoire a renvoyé une valeur hors de l'intervalle.");
    }
    return value;
  };
}

export const WORD_LIST_SIZE = WORDS.length;
const round2 = (x) => Math.round(x * 100) / 100;

const capitalise = (word) => word.charAt(0).toUpperCase() + word.slice(1);

export function generatePassphrase(options = {}, random = cryptoRandom, analyse = null) {
  const {
    words = 7,
    separator = "-",
    accents = true,
    capitalize = false,
    digit = false,
  } = options || {};
  if (!Number.isInteger(words) || words < 1 || words > 20) {
    throw new Error("Le nombre de mots doit être un entier entre 1 et 20.");
  }
  if (typeof separator !== "string" || chars(separator).length > 3) {
    throw new Error("Le séparateur doit compter au plus 3 caractères.");
  }
  const draw = checkedDraw(random);
  const picked = [];
  for (let i = 0; i < words; i += 1) {
    let word = WORDS[draw(WORDS.length)];
    if (!accents) word = fold(word);
    if (capitalize) word = capitalise(word);
    picked.push(word);
  }
  // The list is unique once accents are removed: both forms carry log2(size)
  // bits a word.
  let entropyBits = words * Math.log2(WORDS.length);
  const shown = picked.slice();
  if (digit) {
    // One digit after one of the words: 10 digits × the word chosen.
    const where = draw(words);
    shown[where] += String(draw(10));
    entropyBits += Math.log2(10 * words);
  }
  const value = shown.join(separator);
  return {
    value,
    words: picked,
    entropyBits: round2(entropyBits),
    cnilCase: generatedCase(value, entropyBits, analyse),
  };
}

// CNIL délibération n° 2022-100 defines its three cases by entropy: 80 bits
// (case 1), 50 (case 2), 13 (case 3). A generated secret's entropy is exact,
// so it decides; the analysis of the value may only lower the case (a
// composition example met does not make 57 bits worth 80).
const CASE_BITS = [
  [1, 80],
  [2, 50],
  [3, 13],
];

function generatedCase(value, bits, analyse) {
  const found = CASE_BITS.find(([, least]) => bits >= least);
  const byEntropy = found ? found[0] : 0;
  if (!analyse) return byEntropy;
  const byAnalysis = analyse(value).cnilCase;
  return byEntropy === 0 || byAnalysis === 0 ? 0 : Math.max(byEntropy, byAnalysis);
}

// The special characters offered: printable ASCII punctuation, which every
// system and keyboard accepts (no space).
export const ALPHABETS = {
  lower: "abcdefghijklmnopqrstuvwxyz",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  digit: "0123456789",
  special: "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
};

const CLASS_NAMES = {
  lower: "les minuscules",
  upper: "les majuscules",
  digit: "les chiffres",
  special: "les caractères spéciaux",
};

const MAX_LENGTH = 128;

/**
 * Entropy of a uniform draw among the strings of `length` characters over the
 * union of `sizes` that hold at least one character of each class: by
 * inclusion–exclusion, count = Σ over subsets S of (-1)^|S| (total - size(S))^length,
 * computed as length·log2(total) + log2(Σ (-1)^|S| (1 - size(S)/total)^length)
 * so that nothing overflows.
 */
export function policyEntropy(sizes, length) {
  const total = sizes.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let mask = 0; mask < 1 << sizes.length; mask += 1) {
    let removed = 0;
    let bits = 0;
    sizes.forEach((size, i) => {
      if (mask & (1 << i)) {
        removed += size;
        bits += 1;
      }
    });
    sum += (bits % 2 ? -1 : 1) * (1 - removed / total) ** length;
  }
  return length * Math.log2(total) + Math.log2(sum);
}

export function generatePassword(options = {}, random = cryptoRandom, analyse = null) {
  const {
    length = 16,
    lower = true,
    upper = true,
    digit = true,
    special = true,
    exclude = "",
  } = options || {};
  if (!Number.isInteger(length) || length < 1 || length > MAX_LENGTH) {
    throw new Error(`La longueur doit être un nombre entier entre 1 et ${MAX_LENGTH}.`);
  }
  const excluded = new Set(chars(exclude ?? ""));
  const wanted = Object.entries({ lower, upper, digit, special }).filter(([, on]) => on);
  if (!wanted.length) {
    throw new Error("Choisissez au moins un type de caractères.");
  }
  const classes = wanted.map(([name]) => ({
    name,
    chars: chars(ALPHABETS[name]).filter((c) => !excluded.has(c)),
  }));
  const emptied = classes.filter((c) => !c.chars.length).map((c) => CLASS_NAMES[c.name]);
  if (emptied.length) {
    throw new Error(
      `Les caractères exclus retirent tous ${emptied.join(" et ")} : il faut en garder au moins un.`,
    );
  }
  if (length < classes.length) {
    throw new Error(
      `Avec ${classes.length} types de caractères demandés, il faut au moins ${classes.length} caractères.`,
    );
  }
  const alphabet = classes.flatMap((c) => c.chars);
  const draw = checkedDraw(random);
  // Uniform over the whole alphabet, drawn again until every required class
  // appears: uniform among the valid passwords, whose count policyEntropy gives.
  for (;;) {
    const picked = Array.from({ length }, () => alphabet[draw(alphabet.length)]);
    if (classes.every((c) => picked.some((ch) => c.chars.includes(ch)))) {
      const value = picked.join("");
      const bits = policyEntropy(
        classes.map((c) => c.chars.length),
        length,
      );
      return {
        value,
        entropyBits: round2(bits),
        cnilCase: generatedCase(value, bits, analyse),
      };
    }
  }
}
