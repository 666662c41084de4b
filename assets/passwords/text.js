// Small helpers shared by the analysis, the renewal check and the generators.

// Lower case without accents, one character for one character (so that an
// index in the folded text is an index in the original).
export function fold(text) {
  let out = "";
  for (const char of String(text)) {
    const base = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += base.length === 1 ? base : char;
  }
  return out.toLowerCase();
}

export const chars = (text) => Array.from(String(text));

export function classesOf(password) {
  const classes = { lower: false, upper: false, digit: false, special: false };
  for (const char of chars(password)) {
    if (/[0-9]/.test(char)) classes.digit = true;
    else if (/\p{Lu}/u.test(char)) classes.upper = true;
    else if (/\p{L}/u.test(char)) classes.lower = true;
    else classes.special = true;
  }
  return classes;
}

export const classCount = (classes) =>
  ["lower", "upper", "digit", "special"].filter((name) => classes[name]).length;

// Words of a passphrase: runs of at least two letters, split where a lower
// case letter is followed by a capital (« ChevalBleu » is two words).
export function countWords(password) {
  return String(password)
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .split(/[^\p{L}]+/u)
    .filter((word) => chars(word).length >= 2).length;
}

export function levenshtein(a, b) {
  const x = chars(a);
  const y = chars(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= y.length; j += 1) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length];
}

export function plural(count, singular, pluralForm) {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

export function joinFrench(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} et ${items[items.length - 1]}`;
}
