// Does a new password merely vary the old one? Seed 003 warns against the
// increments of a renewal (« Motdepasse12 », « Motdepasse13 », « 14Motdepasse »):
// an attacker who knows the old password tries these variants first.
import { chars, fold, levenshtein } from "./text.js";

// The letters alone, accents and case folded: what stays when only the
// digits or the symbols change.
const core = (password) => fold(password).replace(/[^\p{L}]/gu, "");
const digitRuns = (password) => String(password).match(/[0-9]+/g) || [];
const isYear = (digits) => /^(19|20)[0-9]{2}$/.test(digits);
const sorted = (text) => chars(text).sort().join("");

// How far apart two numbers can be and still read as a counter.
const MAX_INCREMENT = 12;
// Characters compared by the edit distance, and at all.
const COMPARED = 256;
const COMPARED_WHOLE = 4096;

function commonPrefix(a, b) {
  const x = chars(a);
  const y = chars(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n += 1;
  return n;
}

const commonSuffix = (a, b) => commonPrefix(chars(a).reverse().join(""), chars(b).reverse().join(""));

const TEXTS = {
  same: () => "Le nouveau mot de passe est identique à l'ancien : choisissez-en un vraiment différent.",
  case: () =>
    "Seules des majuscules ou des accents changent : un attaquant qui connaît l'ancien mot de passe essaie ces variantes en premier.",
  increment: (before, after) =>
    `Le nouveau mot de passe reprend l'ancien en changeant seulement le nombre (« ${before} » devient « ${after} ») : c'est l'incrément qu'un attaquant essaie en premier.`,
  year: (before, after) =>
    `Seule l'année change (« ${before} » devient « ${after} ») : c'est la première variante qu'un attaquant essaie.`,
  suffix: () =>
    "Le nouveau mot de passe reprend l'ancien en ne changeant que la fin : un attaquant qui connaît l'ancien le retrouverait vite.",
  prefix: () =>
    "Le nouveau mot de passe reprend l'ancien en ne changeant que le début : un attaquant qui connaît l'ancien le retrouverait vite.",
  moved: () =>
    "Le nouveau mot de passe reprend les mêmes éléments dans un autre ordre (un nombre ou un symbole a seulement changé de place).",
  close: () =>
    "Le nouveau mot de passe ressemble trop à l'ancien : seuls quelques caractères changent.",
  none: () => "Le nouveau mot de passe n'a pas de lien apparent avec l'ancien.",
  empty: () => "Saisissez l'ancien et le nouveau mot de passe pour les comparer.",
};

const result = (kind, ...args) => ({
  similar: kind !== "none",
  kind,
  text: TEXTS[kind](...args),
});

// Only the end or only the start changed: the longer shared side says which.
function endOrStart(oldPassword, newPassword) {
  const a = fold(oldPassword);
  const b = fold(newPassword);
  return commonPrefix(a, b) >= commonSuffix(a, b) ? "suffix" : "prefix";
}

/**
 * 1. identical, or only the case (or accents) changed;
 * 2. same letters once digits and symbols are set aside (the « core »):
 *    a changed year, a number counted up or down (even when it moved from the
 *    end to the start, as in seed 003), the same pieces moved, or a swapped,
 *    added or removed suffix or prefix;
 * 3. otherwise the new one starts or ends with most of the old one (suffix,
 *    prefix), holds the same characters in another order (moved), or few
 *    edits separate them (close).
 */
export function renewal(oldPassword, newPassword) {
  // Compared on their first characters, as analyse does: when only what lies
  // beyond differs, the change is at the end.
  const wholeBefore = String(oldPassword ?? "");
  const wholeAfter = String(newPassword ?? "");
  const before = wholeBefore.slice(0, COMPARED_WHOLE);
  const after = wholeAfter.slice(0, COMPARED_WHOLE);
  if (!before || !after) return { ...result("none"), text: TEXTS.empty() };
  if (before === after) return result(wholeBefore === wholeAfter ? "same" : "suffix");
  if (fold(before) === fold(after)) return result("case");

  const coreBefore = core(before);
  const coreAfter = core(after);
  const digitsBefore = digitRuns(before).join("");
  const digitsAfter = digitRuns(after).join("");
  const sameCore =
    coreBefore === coreAfter &&
    (chars(coreBefore).length >= 3 || (!coreBefore && digitsBefore && digitsAfter));

  if (sameCore) {
    const gap = Math.abs(Number(digitsAfter) - Number(digitsBefore));
    if (digitsBefore && digitsAfter && digitsBefore !== digitsAfter) {
      if (isYear(digitsBefore) && isYear(digitsAfter)) {
        return result("year", digitsBefore, digitsAfter);
      }
      if (gap > 0 && gap <= MAX_INCREMENT) {
        return result("increment", digitsBefore, digitsAfter);
      }
    }
    // Same letters (not a mere code of digits) with other digits or symbols.
    if (coreBefore) {
      if (digitsBefore === digitsAfter && sorted(fold(before)) === sorted(fold(after))) {
        return result("moved");
      }
      return result(endOrStart(before, after));
    }
  }

  const a = fold(before);
  const b = fold(after);
  const longest = Math.max(chars(a).length, chars(b).length);
  const shortest = Math.min(chars(a).length, chars(b).length);
  // Most of the old password kept at one end, only the other end changed: a
  // new suffix or prefix.
  const kept = Math.max(4, Math.ceil(0.6 * longest));
  const start = commonPrefix(a, b);
  const end = commonSuffix(a, b);
  if (shortest >= 4 && (b.startsWith(a) || a.startsWith(b) || (start >= kept && end === 0))) {
    return result("suffix");
  }
  if (shortest >= 4 && (b.endsWith(a) || a.endsWith(b) || (end >= kept && start === 0))) {
    return result("prefix");
  }
  // The same characters in another order (words swapped around a symbol).
  if (shortest >= 6 && sorted(a) === sorted(b)) return result("moved");
  // A few edits, in proportion to the length (a quarter of the characters),
  // or the same letters but one. The edit distance costs length²: compared
  // on the first characters only.
  const distance = levenshtein(a.slice(0, COMPARED), b.slice(0, COMPARED));
  const coreDistance = levenshtein(coreBefore.slice(0, COMPARED), coreAfter.slice(0, COMPARED));
  if (
    distance <= Math.max(2, Math.floor(Math.min(longest, COMPARED) / 4)) ||
    (chars(coreBefore).length >= 6 && coreDistance <= 1)
  ) {
    return result("close");
  }
  return result("none");
}
