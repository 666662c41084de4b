// Hygie's password engine: one file for the « Mots de passe » page (browser)
// and for Hygie's own sign-up (V8 on the server, hygie/accounts/engine.py), so
// that both judge a password the same way with the same French dictionaries.
// Built into hygie/static/hygie/passwords/hygie-passwords.js by build.mjs.
//
// Rules: CNIL délibération n° 2022-100 du 21 juillet 2022 (three cases),
// ANSSI « Recommandations relatives à l'authentification multifacteur et aux
// mots de passe » (2021, R21–R38), seed 003 (increments on renewal).
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as french from "@zxcvbn-ts/language-fr";
import AZERTY from "./azerty.json";
import CLUBS from "./clubs.json";
import { generatePassphrase, generatePassword, WORD_LIST_SIZE } from "./generate.js";
import HEALTH from "./health.json";
import PLACES from "./places.json";
import { renewal } from "./renewal.js";
import {
  chars,
  classCount,
  classesOf,
  countWords,
  fold,
  joinFrench,
  plural,
} from "./text.js";

/* global __HYGIE_VERSIONS__ */
const VERSION = `1 (${typeof __HYGIE_VERSIONS__ === "string" ? __HYGIE_VERSIONS__ : "sources"})`;

// language-fr 4.1.2 ships its two name lists swapped: « firstnames » holds
// surnames (dubois, moreau) and « lastnames » first names (camille, kevin).
// Each list is named here after what it holds.
const DICTIONARY = {
  ...common.dictionary,
  ...french.dictionary,
  "firstnames-fr": french.dictionary["lastnames-fr"],
  "lastnames-fr": french.dictionary["firstnames-fr"],
  "places-fr": PLACES,
  "clubs-fr": CLUBS,
  "health-fr": HEALTH,
};

const GRAPHS = { ...common.adjacencyGraphs, azerty: AZERTY };

// A common password that is also a walk on a keyboard (« azerty », « qwerty »)
// is named for the walk: that is the habit to lose.
function isKeyboardWalk(token) {
  const keys = chars(token.toLowerCase());
  if (keys.length < 4) return false;
  return ["azerty", "qwerty"].some((name) =>
    keys.every(
      (key, i) =>
        i === 0 ||
        (GRAPHS[name][keys[i - 1]] || []).some((neighbours) => neighbours && neighbours.includes(key)),
    ),
  );
}

let factory = null;
function zxcvbn() {
  // Ranking the dictionaries takes a tenth of a second: done once, on first use.
  if (!factory) {
    factory = new ZxcvbnFactory({
      dictionary: DICTIONARY,
      // language-common's graphs, its AZERTY replaced by Hygie's (build-lists.mjs).
      graphs: GRAPHS,
      translations: french.translations,
      // The l33t matcher tries every combination of substitutions: with the
      // default cap (100), a 60-character random string took 0.4 s; with 20,
      // 0.07 s, and the estimates of l33t passwords stay the same
      // (bench/passwords).
      l33tMaxSubstitutions: 20,
      // The estimate reads the first 100 characters (default 256): a repeated
      // phrase of 256 characters took 0.5 s, and 100 characters that are not
      // a repetition are out of reach anyway.
      maxLength: 100,
    });
  }
  return factory;
}

// CNIL délibération 2022-100: « au moins 37 caractères spéciaux » to choose from.
const ALPHABET_SIZES = { lower: 26, upper: 26, digit: 10, special: 37 };
const CLASS_LABELS = {
  upper: "une majuscule",
  lower: "une minuscule",
  digit: "un chiffre",
  special: "un caractère spécial",
};
const SCORE_LABELS = ["très faible", "faible", "moyen", "bon", "très bon"];

const CNIL = "CNIL, délibération n° 2022-100 du 21 juillet 2022";

export const USES = [
  {
    key: "compte-en-ligne",
    label: "Compte en ligne (Ameli Pro, messagerie, agenda, logiciel en ligne)",
    requiredCase: 1,
    minLength: 12,
    classes: [],
    source: `${CNIL}, cas n° 1 : le mot de passe est seul à protéger le compte.`,
    sourceIds: ["cnil-2022-100"],
  },
  {
    key: "logiciel-metier",
    label: "Logiciel métier du cabinet",
    requiredCase: 1,
    minLength: 12,
    classes: [],
    source: `${CNIL}, cas n° 1 : le mot de passe est seul à protéger le logiciel.`,
    sourceIds: ["cnil-2022-100"],
  },
  {
    key: "session",
    label: "Session de l'ordinateur (verrouillée après quelques essais)",
    requiredCase: 2,
    minLength: 8,
    classes: [],
    source: `${CNIL}, cas n° 2 : les essais sont limités ; robustesse de la session recommandée par le Groupement e-santé Pays de la Loire (seed 003).`,
    sourceIds: ["cnil-2022-100", "seed-003"],
  },
  {
    key: "wifi",
    label: "Clé Wi-Fi",
    requiredCase: 1,
    minLength: 12,
    classes: [],
    source: `${CNIL}, cas n° 1 : une clé Wi-Fi peut être attaquée à l'écart du réseau, sans limite d'essais ; Assurance Maladie, webinaire du 6 février 2023 (seed 004).`,
    sourceIds: ["cnil-2022-100", "seed-004"],
  },
  {
    key: "objet-connecte",
    label: "Objet connecté (caméra, imprimante, box, appareil médical connecté)",
    requiredCase: 1,
    minLength: 14,
    classes: ["lower", "upper", "digit", "special"],
    source:
      "Agence régionale de santé (seed 001) : au moins 14 caractères avec majuscules, minuscules, chiffres et caractères spéciaux ; " +
      `${CNIL}, cas n° 1.`,
    sourceIds: ["seed-001", "cnil-2022-100"],
  },
  {
    key: "gestionnaire",
    label: "Mot de passe maître du gestionnaire de mots de passe",
    requiredCase: 1,
    minLength: 12,
    classes: [],
    source: `${CNIL}, cas n° 1 ; ANSSI, recommandations de 2021 sur les mots de passe (R31, coffre-fort de mots de passe).`,
    sourceIds: ["cnil-2022-100", "anssi-authentification-2021"],
  },
  {
    key: "code-deverrouillage",
    label: "Code de déverrouillage d'un téléphone ou d'une tablette",
    requiredCase: 3,
    minLength: 4,
    classes: [],
    source: `${CNIL}, cas n° 3 : l'appareil reste avec vous et se bloque après quelques erreurs.`,
    sourceIds: ["cnil-2022-100"],
  },
];

const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;

function charsetBits(length, classes) {
  const size = Object.keys(ALPHABET_SIZES)
    .filter((name) => classes[name])
    .reduce((sum, name) => sum + ALPHABET_SIZES[name], 0);
  return size ? round(length * Math.log2(size), 1) : 0;
}

// Case 1's wording is that of Hygie's sign-up since its first version.
function case1Missing(length, classes, words) {
  const missing = [];
  if (length < 12) {
    missing.push(
      `Il compte ${plural(length, "caractère", "caractères")} : il en faut au moins 12 avec un caractère spécial, ou 14 sans.`,
    );
  } else if (length < 14 && !classes.special) {
    missing.push(
      `Avec ${length} caractères, ajoutez un caractère spécial (par exemple ! ? # %) ou allongez-le à 14 caractères.`,
    );
  }
  const lacking = ["upper", "lower", "digit"].filter((name) => !classes[name]);
  if (lacking.length) {
    missing.push(`Il manque ${joinFrench(lacking.map((name) => CLASS_LABELS[name]))}.`);
  }
  if (words >= 4) {
    const more = 7 - words;
    missing.push(
      `Pour une phrase de passe, ajoutez ${more === 1 ? "un mot" : `${more} mots`} : avec 7 mots, aucune autre règle ne s'applique.`,
    );
  }
  return missing;
}

const guessable = (score) =>
  `Il se devine trop facilement (niveau ${SCORE_LABELS[score]}) : évitez les mots, noms, dates et suites connus, ou allongez-le.`;

// Pieces an attacker's rules put together first: names, places, clubs,
// dates, common passwords, keyboard walks, suites. A password made
// almost only of them (« PSG-Marseille-2025 ») is tried early whatever its
// length, so it does not reach case 1.
const PREDICTABLE = new Set([
  "personal",
  "firstname",
  "surname",
  "place",
  "club",
  "date",
  "year",
  "common",
  "keyboard",
  "sequence",
  "substitution",
  "reversed",
]);
// (A repetition is left out: a strong phrase said twice is no weaker, and a
// weak one repeated is already judged by the estimate.)
const PREDICTABLE_SHARE = 0.75;
const PREDICTABLE_TEXT =
  "Il n'est fait presque que de noms, de lieux, de dates ou de suites connus : c'est ce qu'un attaquant assemble en premier.";

// The share of the password's letters and digits that lie in such pieces.
function predictableShare(value, weaknesses) {
  const text = fold(value);
  const covered = new Set();
  for (const weakness of weaknesses) {
    if (!PREDICTABLE.has(weakness.kind)) continue;
    const token = fold(weakness.token);
    if (!token) continue;
    for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + token.length)) {
      for (let i = at; i < at + token.length; i += 1) covered.add(i);
    }
  }
  let total = 0;
  let inside = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (!/[\p{L}\p{N}]/u.test(text[i])) continue;
    total += 1;
    if (covered.has(i)) inside += 1;
  }
  return total ? inside / total : 0;
}

function case1(length, classes, words, score, predictable) {
  let rule = null;
  if (length >= 12 && classCount(classes) === 4) {
    rule = "Au moins 12 caractères avec majuscules, minuscules, chiffres et caractères spéciaux.";
  } else if (length >= 14 && classes.upper && classes.lower && classes.digit) {
    rule = "Au moins 14 caractères avec majuscules, minuscules et chiffres.";
  } else if (words >= 7) {
    rule = "Une phrase de passe d'au moins 7 mots.";
  }
  const missing = rule ? [] : case1Missing(length, classes, words);
  if (score < 3) missing.push(guessable(score));
  else if (predictable) missing.push(PREDICTABLE_TEXT);
  return { case: 1, met: Boolean(rule) && score >= 3 && !predictable, rule, missing };
}

// Case 2's examples come from one secondary source: « à vérifier ».
function case2(length, classes, words, bits, score) {
  let rule = null;
  if (length >= 8 && classCount(classes) >= 3) {
    rule = "Au moins 8 caractères avec 3 des 4 types de caractères (exemple à vérifier).";
  } else if (words >= 5) {
    rule = "Une phrase de passe d'au moins 5 mots (exemple à vérifier).";
  } else if (bits >= 50) {
    rule = "Une composition d'au moins 50 bits d'entropie.";
  }
  const missing = [];
  if (!rule) {
    if (length < 8) {
      missing.push(`Il compte ${plural(length, "caractère", "caractères")} : il en faut au moins 8.`);
    }
    const count = classCount(classes);
    if (count < 3) {
      missing.push(
        `Il mêle ${count === 1 ? "un seul type" : `${count} types`} de caractères : il en faut 3 parmi majuscules, minuscules, chiffres et caractères spéciaux (exemple à vérifier).`,
      );
    }
  }
  if (score < 2) missing.push(guessable(score));
  return { case: 2, met: Boolean(rule) && score >= 2, rule, missing };
}

function case3(bits, guessesLog10) {
  const rule = bits >= 13 ? "Au moins 13 bits, comme un code de 4 chiffres." : null;
  const missing = [];
  if (!rule) missing.push("Il est trop court : il faut au moins l'équivalent d'un code de 4 chiffres.");
  if (guessesLog10 < 3) {
    missing.push("C'est l'un des premiers codes essayés (suite, répétition, année ou date).");
  }
  return { case: 3, met: Boolean(rule) && guessesLog10 >= 3, rule, missing };
}

// Pieces of the user inputs that must not appear in the password (ANSSI R35–R38):
// the whole input and each of its words of 3 letters or more, folded. Mail
// providers are not personal.
const MAIL_PROVIDERS = new Set(
  "gmail hotmail yahoo outlook orange free sfr wanadoo laposte icloud live msn proton protonmail bbox neuf aol gmx mailo numericable club-internet"
    .split(" "),
);

export function personalFragments(userInputs) {
  const fragments = new Set();
  for (const input of userInputs || []) {
    if (input === null || input === undefined) continue;
    const text = fold(String(input)).trim();
    if (chars(text).length >= 3 && !text.includes("@")) fragments.add(text.replace(/\s+/g, ""));
    const [local, domain = ""] = text.split("@");
    const pieces = local.split(/[\s._+\-'’,;()]+/);
    if (domain) {
      const label = domain.split(".")[0];
      if (!MAIL_PROVIDERS.has(label)) pieces.push(label);
      pieces.push(local.replace(/[._+\-]/g, ""));
    }
    for (const piece of pieces) {
      if (chars(piece).length >= 3 && !/^[0-9]+$/.test(piece)) fragments.add(piece);
    }
  }
  return Array.from(fragments).sort((a, b) => b.length - a.length);
}

const WEAKNESS_TEXTS = {
  personal: (t) =>
    `« ${t} » vient de votre nom, de votre adresse e-mail ou de votre cabinet : c'est ce qu'un attaquant essaie en premier.`,
  firstname: (t) => `« ${t} » est un prénom courant, parmi les premiers essayés.`,
  surname: (t) => `« ${t} » est un nom de famille courant, parmi les premiers essayés.`,
  place: (t) => `« ${t} » est le nom d'une ville de France, facile à deviner.`,
  club: (t) => `« ${t} » évoque un club de football ou l'équipe de France, un choix très répandu.`,
  health: (t) =>
    `« ${t} » appartient au vocabulaire de la santé, parmi les premiers mots essayés contre un cabinet.`,
  word: (t) => `« ${t} » est un mot courant, que les attaquants essaient en premier.`,
  substitution: (t, word) =>
    `« ${t} » n'est que « ${word} » avec des lettres remplacées par des chiffres ou des symboles : les attaquants connaissent cette astuce.`,
  reversed: (t, word) =>
    `« ${t} » est « ${word} » écrit à l'envers : les attaquants connaissent cette astuce.`,
  common: (t) => `« ${t} » fait partie des mots de passe les plus utilisés.`,
  keyboard: (t) => `« ${t} » est une suite de touches voisines sur le clavier.`,
  repeat: (t) => `« ${t} » répète les mêmes caractères.`,
  sequence: (t) => `« ${t} » est une suite dans l'ordre (lettres, chiffres ou mots).`,
  date: (t) => `« ${t} » ressemble à une date, facile à deviner si elle vous concerne.`,
  year: (t) => `« ${t} » est une année, facile à deviner.`,
};

const DICTIONARY_KINDS = {
  userInputs: "personal",
  "passwords-common": "common",
  "firstnames-fr": "firstname",
  "lastnames-fr": "surname",
  "places-fr": "place",
  "clubs-fr": "club",
  "health-fr": "health",
};

// A word of a general list (Wikipedia, subtitles) that is also one of Hygie's
// lists once accents are removed (« Besançon » is the commune « besancon »).
const OWN_LISTS = [
  ["place", new Set(PLACES)],
  ["club", new Set(CLUBS)],
  ["health", new Set(HEALTH)],
];
function refine(token) {
  const folded = fold(token);
  const found = OWN_LISTS.find(([, list]) => list.has(folded));
  return found ? found[0] : "word";
}

// A match of the estimate, as a weakness (or null when it says nothing useful).
function weaknessOf(match, context) {
  const token = match.token;
  const length = chars(token).length;
  switch (match.pattern) {
    case "dictionary": {
      if (length < 3) return null;
      const word = match.matchedWord;
      if (match.l33t) return ["substitution", token, word];
      if (match.reversed && length >= 4) return ["reversed", token, word];
      const listed = DICTIONARY_KINDS[match.dictionaryName];
      // A general word (or one refined into a list) only matters in a weak
      // password or when it makes up half of it.
      if (!listed && (length < 4 || !context.wordsMatter(match))) return null;
      let kind = listed || refine(token);
      if (kind === "common" && isKeyboardWalk(token)) kind = "keyboard";
      // In a strong password, « asse » inside « tasse » is no weakness.
      if (kind !== "personal" && !context.weak && context.inside(match)) return null;
      return [kind, token];
    }
    case "spatial":
      return ["keyboard", token];
    case "repeat":
      return length >= 3 ? ["repeat", token] : null;
    case "sequence":
    case "wordSequence":
      return length >= 3 ? ["sequence", token] : null;
    case "date":
      return ["date", token];
    case "regex":
      return match.regexName === "recentYear" ? ["year", token] : null;
    default:
      return null;
  }
}

function weaknessesOf(value, sequence, score, fragments) {
  const found = [];
  const seen = new Set();
  const add = (kind, token, word) => {
    const key = `${kind === "health" ? "word" : kind}:${fold(token)}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({
      kind: kind === "health" ? "word" : kind,
      token,
      text: WEAKNESS_TEXTS[kind](token, word),
    });
  };
  // Personal data first, looked for in the folded password: the estimate may
  // explain the same letters by another dictionary.
  const folded = fold(value);
  const original = chars(value);
  const taken = [];
  for (const fragment of fragments) {
    const at = folded.indexOf(fragment);
    if (at < 0) continue;
    const start = chars(folded.slice(0, at)).length;
    const end = start + chars(fragment).length;
    if (taken.some(([a, b]) => start >= a && end <= b)) continue;
    taken.push([start, end]);
    add("personal", original.slice(start, end).join(""));
  }
  const length = original.length;
  const lowerLetter = (char) => Boolean(char) && /\p{Ll}/u.test(char);
  const context = {
    weak: score < 3,
    // A plain word is worth mentioning in a weak password, or when it makes
    // up half of it; a passphrase is made of words by design.
    wordsMatter: (match) => score < 3 || 2 * chars(match.token).length >= length,
    // Part of a longer word: a lower case letter glued before or after.
    inside: (match) =>
      (lowerLetter(original[match.i - 1]) && !/\p{Lu}/u.test(original[match.i])) ||
      lowerLetter(original[match.j + 1]),
  };
  for (const match of sequence) {
    const weakness = weaknessOf(match, context);
    if (!weakness) continue;
    const [kind, token, word] = weakness;
    if (kind === "personal" && taken.length) continue;
    add(kind, token, word);
  }
  // Years, which the estimate may take as plain digits (« 2024! »).
  for (const year of value.match(/(?<![0-9])(19[0-9]{2}|20[0-4][0-9])(?![0-9])/g) || []) {
    add("year", year);
  }
  return found;
}

function usesOf(analysis, personal) {
  return USES.map((use) => {
    let fit = analysis.cnilCase !== 0 && analysis.cnilCase <= use.requiredCase;
    let reason;
    const shortOf = use.classes.filter((name) => !analysis.classes[name]);
    if (personal) {
      fit = false;
      reason = "Il contient une information personnelle, à éviter pour tout usage.";
    } else if (analysis.length < use.minLength || shortOf.length) {
      fit = false;
      reason = `Il faut au moins ${use.minLength} caractères${use.classes.length ? " avec majuscules, minuscules, chiffres et caractères spéciaux" : ""}.`;
    } else if (fit) {
      const met = analysis.cases.find((c) => c.case === analysis.cnilCase);
      reason = `Convient : ${met.rule.charAt(0).toLowerCase()}${met.rule.slice(1)}`;
    } else {
      const wanted = analysis.cases.find((c) => c.case === use.requiredCase);
      reason = wanted.missing[0] || "Il ne suffit pas pour cet usage.";
    }
    if (use.key === "gestionnaire" && analysis.words < 7) {
      reason += " Pour un mot de passe maître, une phrase de 7 mots est plus facile à retenir.";
    }
    return { key: use.key, label: use.label, fit, reason };
  });
}

const VERDICTS = {
  empty: ["insuffisant", "Saisissez un mot de passe pour l'analyser."],
  personal: [
    "insuffisant",
    "Insuffisant : il contient une information personnelle ; choisissez des mots sans lien avec vous ni avec votre cabinet.",
  ],
  1: [
    "bon",
    "Bon : il atteint le niveau que la CNIL demande pour un mot de passe utilisé seul (cas n° 1).",
  ],
  top: [
    "tres-bon",
    "Très bon : il atteint le niveau que la CNIL demande pour un mot de passe utilisé seul et se devine très difficilement.",
  ],
  2: [
    "moyen",
    "Moyen : il ne suffit que là où les essais sont limités, comme une session d'ordinateur bloquée après quelques erreurs (cas n° 2).",
  ],
  3: [
    "insuffisant",
    "Insuffisant : il ne convient qu'au code de déverrouillage d'un appareil que vous gardez avec vous (cas n° 3).",
  ],
  0: ["insuffisant", "Insuffisant : il se devine trop facilement, même pour un code de téléphone."],
};

const SERIOUS = new Set(["common", "keyboard", "repeat", "sequence", "substitution", "reversed"]);

function verdictOf(analysis) {
  let key = analysis.cnilCase;
  if (!analysis.length) key = "empty";
  else if (analysis.weaknesses.some((w) => w.kind === "personal")) key = "personal";
  else if (key === 1 && analysis.score === 4 && !analysis.weaknesses.some((w) => SERIOUS.has(w.kind))) {
    key = "top";
  }
  const [level, text] = VERDICTS[key];
  return { level, text };
}

// A password is judged on its first characters (its length counted whole):
// no maximum length (ANSSI R22), but a pasted book must not stall the page.
const ANALYSED = 4096;

function codePoints(text) {
  let count = 0;
  for (const char of text) if (char) count += 1;
  return count;
}

export function analyse(password, options = {}) {
  const whole = String(password ?? "");
  const value = whole.length > ANALYSED ? whole.slice(0, ANALYSED) : whole;
  const userInputs = (options && options.userInputs) || [];
  const fragments = personalFragments(userInputs);
  const result = zxcvbn().check(value, [...fragments, ...userInputs.filter((x) => typeof x === "string")]);
  const length = value === whole ? chars(value).length : codePoints(whole);
  const classes = classesOf(value);
  const words = countWords(value);
  const bits = charsetBits(length, classes);
  const guessesLog10 = round(result.guessesLog10, 2);
  const score = value ? result.score : 0;
  const weaknesses = weaknessesOf(value, result.sequence, score, fragments);
  const predictable = predictableShare(value, weaknesses) >= PREDICTABLE_SHARE;
  const cases = [
    case1(length, classes, words, score, predictable),
    case2(length, classes, words, bits, score),
    case3(bits, guessesLog10),
  ];
  const met = cases.find((c) => c.met);
  const analysis = {
    length,
    classes,
    words,
    charsetBits: bits,
    guessesLog10,
    score,
    cases,
    cnilCase: met ? met.case : 0,
    uses: [],
    weaknesses,
    verdict: null,
  };
  const personal = analysis.weaknesses.some((w) => w.kind === "personal");
  analysis.uses = usesOf(analysis, personal);
  analysis.verdict = verdictOf(analysis);
  return analysis;
}

globalThis.HygiePasswords = {
  version: VERSION,
  USES,
  WORD_LIST_SIZE,
  analyse,
  renewal,
  generatePassphrase: (options, random) => generatePassphrase(options, random, analyse),
  generatePassword: (options, random) => generatePassword(options, random, analyse),
};
