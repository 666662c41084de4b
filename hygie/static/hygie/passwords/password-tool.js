// The password tool's page (passwords/tool.html). It runs the engine
// (hygie-passwords.js, `HygiePasswords`) on what is typed, in the browser
// only: this script sends nothing, stores nothing, and builds what it shows
// with textContent (a weakness quotes part of the password).
(function () {
  "use strict";

  var tools = document.getElementById("pw-tools");
  if (!tools) return;
  var engine = window.HygiePasswords;
  if (!engine || typeof engine.analyse !== "function") {
    document.getElementById("pw-failed").hidden = false;
    return;
  }
  tools.hidden = false;

  // Details follow the typing closely; the verdict is announced to screen
  // readers only once the typing has paused, and only when it changes.
  var DETAILS_DELAY = 150;
  var ANNOUNCE_DELAY = 900;

  var LEVELS = {
    "insuffisant": "Insuffisant",
    "moyen": "Moyen",
    "bon": "Bon",
    "tres-bon": "Très bon"
  };
  var CASES = {
    1: "Cas 1, le mot de passe seul (au moins 80 bits)",
    2: "Cas 2, avec une limite aux essais (au moins 50 bits)",
    3: "Cas 3, le code d'un appareil en main (au moins 13 bits)"
  };
  var CASE_REACHED = {
    0: "Aucun des trois cas de la CNIL n'est atteint.",
    1: "Cas 1 atteint : assez solide même quand rien d'autre ne le protège.",
    2: "Cas 2 atteint, pas le cas 1 : à réserver à un système qui limite les essais.",
    3: "Cas 3 atteint seulement : à réserver au code d'un appareil que vous avez en main."
  };
  var CLASSES = [
    ["lower", "minuscules"],
    ["upper", "majuscules"],
    ["digit", "chiffres"],
    ["special", "caractères spéciaux"]
  ];

  function byId(id) { return document.getElementById(id); }

  // French typography, as hygie.js does for the page's own text: the space
  // before « ? ! ; : » and inside « » does not break.
  function french(text) {
    return String(text)
      .replace(/[ \t\r\n]+(?=[?!;»])/g, "\u202f")
      .replace(/[ \t\r\n]+(?=:)/g, "\u00a0")
      .replace(/«[ \t\r\n]+/g, "«\u202f");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = french(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, one, many) { return n + " " + (n > 1 ? many : one); }

  function list(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(", ") + " et " + words[words.length - 1];
  }

  // A line with its ✓ or ✗ (hidden from screen readers, which hear the words).
  function check(ok, words, extra) {
    var li = el("li");
    var mark = el("span", "pw-mark " + (ok ? "pw-mark--yes" : "pw-mark--no"), ok ? "✓" : "✗");
    mark.setAttribute("aria-hidden", "true");
    li.appendChild(mark);
    var body = el("div");
    body.appendChild(words);
    if (extra) body.appendChild(extra);
    li.appendChild(body);
    return li;
  }

  // « mots qui vous concernent »: each field, its words, and for a date of
  // birth the forms it takes in a password (1975, 1403, 140375…).
  function userInputs() {
    var found = [];
    document.querySelectorAll("[data-pw-personal]").forEach(function (input) {
      var value = input.value.trim();
      if (!value) return;
      if (input.hasAttribute("data-pw-date")) {
        found = found.concat(dateForms(value));
        return;
      }
      found.push(value);
      value.split(/[\s'’-]+/).forEach(function (word) {
        if (word.length >= 3 && word !== value) found.push(word);
      });
    });
    return found;
  }

  function dateForms(value) {
    var digits = value.match(/\d+/g) || [];
    var day, month, year;
    if (digits.length === 3) {
      if (digits[0].length === 4) { year = digits[0]; month = digits[1]; day = digits[2]; }
      else { day = digits[0]; month = digits[1]; year = digits[2]; }
    } else if (digits.length === 1 && digits[0].length === 8) {
      day = digits[0].slice(0, 2); month = digits[0].slice(2, 4); year = digits[0].slice(4);
    } else {
      return [value];
    }
    day = ("0" + day).slice(-2);
    month = ("0" + month).slice(-2);
    var short = year.slice(-2);
    return [value, year, day + month, day + month + year, day + month + short, year + month + day];
  }

  // How many guesses, in words a non-expert reads at a glance.
  var GUESSES = [
    [3, "moins de mille essais"],
    [6, "des milliers d'essais"],
    [9, "des millions d'essais"],
    [12, "des milliards d'essais"],
    [15, "des milliers de milliards d'essais"],
    [18, "des millions de milliards d'essais"]
  ];
  function guessesInWords(log10) {
    for (var i = 0; i < GUESSES.length; i++) {
      if (log10 < GUESSES[i][0]) return GUESSES[i][1];
    }
    return "plus d'un milliard de milliards d'essais";
  }

  // --- Tester un mot de passe ---

  var password = byId("pw-password");
  var verdictBox = byId("pw-verdict");
  var verdictText = byId("pw-verdict-text");
  var details = byId("pw-details");
  var detailsTimer = null;
  var announceTimer = null;
  var announced = verdictText.textContent;
  // The analysis shown in the details, announced later without computing it again.
  var latest = null;

  // The engine's sentence starts with the level (« Moyen : … »), which the
  // badge already shows.
  function withoutLevel(level, sentence) {
    var prefix = new RegExp("^" + LEVELS[level] + "\\s*:\\s*", "i");
    var rest = sentence.replace(prefix, "");
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }

  function showVerdict(result) {
    var level = result ? result.verdict.level : "";
    var text = result ? result.verdict.text : "Tapez un mot de passe pour voir ce qu'il vaut.";
    verdictBox.setAttribute("data-level", level);
    if (text === announced) return;
    announced = text;
    clear(verdictText);
    if (result) {
      verdictText.appendChild(el("strong", "badge pw-level pw-level--" + level, LEVELS[level]));
      verdictText.appendChild(el("span", "visually-hidden", " : "));
      verdictText.appendChild(el("span", "", withoutLevel(level, text)));
    } else {
      verdictText.textContent = french(text);
    }
  }

  function showDetails(result) {
    details.hidden = !result;
    if (!result) return;

    byId("pw-case").textContent = french(CASE_REACHED[result.cnilCase]);
    var cases = byId("pw-cases");
    clear(cases);
    result.cases.forEach(function (c) {
      var words = el("span");
      words.appendChild(el("strong", "", CASES[c.case]));
      words.appendChild(document.createTextNode(french(c.met ? " : atteint." : " : non atteint.")));
      var more = null;
      if (c.met && c.rule) {
        more = el("p", "pw-check__more", c.rule);
      } else if (!c.met && c.missing.length) {
        more = el("ul", "pw-check__more");
        c.missing.forEach(function (m) { more.appendChild(el("li", "", m)); });
      }
      cases.appendChild(check(c.met, words, more));
    });

    var uses = byId("pw-uses");
    clear(uses);
    result.uses.forEach(function (use) {
      var words = el("span");
      words.appendChild(el("strong", "", use.label));
      words.appendChild(document.createTextNode(french(use.fit ? " : convient." : " : ne convient pas.")));
      var reason = use.reason.replace(/^convient\s*:\s*/i, "");
      reason = reason.charAt(0).toUpperCase() + reason.slice(1);
      uses.appendChild(check(use.fit, words, el("p", "pw-check__more", reason)));
    });

    var strength = byId("pw-strength");
    clear(strength);
    strength.appendChild(document.createTextNode(french(
      "Pour le deviner, il faudrait " + guessesInWords(result.guessesLog10) +
      " à qui connaît les mots de passe les plus courants. Note de solidité : " +
      result.score + " sur 4."
    )));
    var meter = el("meter", "pw-meter");
    meter.min = 0;
    meter.max = 4;
    meter.low = 2;
    meter.high = 3;
    meter.optimum = 4;
    meter.value = result.score;
    meter.setAttribute("aria-label", "Note de solidité");
    meter.textContent = result.score + " sur 4";
    strength.appendChild(meter);

    var kinds = CLASSES.filter(function (c) { return result.classes[c[0]]; })
      .map(function (c) { return c[1]; });
    byId("pw-composition").textContent = french(
      plural(result.length, "caractère", "caractères") +
      (kinds.length ? " : " + list(kinds) : "") +
      (result.words > 1 ? " ; " + plural(result.words, "mot", "mots") : "") +
      " ; entropie théorique de la composition, au sens de la CNIL : " +
      plural(Math.round(result.charsetBits), "bit", "bits") + "."
    );

    var weaknesses = byId("pw-weaknesses");
    clear(weaknesses);
    result.weaknesses.forEach(function (w) {
      weaknesses.appendChild(el("li", "", w.text));
    });
    weaknesses.hidden = !result.weaknesses.length;
    byId("pw-no-weakness").hidden = result.weaknesses.length > 0;
  }

  function analyse() {
    return password.value ? engine.analyse(password.value, { userInputs: userInputs() }) : null;
  }

  function onTyping() {
    window.clearTimeout(detailsTimer);
    window.clearTimeout(announceTimer);
    // Every input restarts both timers: when the announcement comes, `latest`
    // is the analysis of what is typed now.
    detailsTimer = window.setTimeout(function () {
      latest = analyse();
      showDetails(latest);
    }, DETAILS_DELAY);
    announceTimer = window.setTimeout(function () { showVerdict(latest); }, ANNOUNCE_DELAY);
  }
  password.addEventListener("input", onTyping);
  document.querySelectorAll("[data-pw-personal]").forEach(function (input) {
    input.addEventListener("input", function () { if (password.value) onTyping(); });
  });

  // « Afficher » / « Masquer »: the fields it names, as text or hidden.
  document.querySelectorAll("[data-pw-show]").forEach(function (button) {
    var fields = button.getAttribute("data-pw-show").split(" ").map(byId);
    button.addEventListener("click", function () {
      var show = fields[0].type === "password";
      fields.forEach(function (field) { field.type = show ? "text" : "password"; });
      button.firstChild.textContent = show ? "Masquer" : "Afficher";
    });
  });

  // --- Vérifier un renouvellement ---

  var oldPassword = byId("pw-old");
  var newPassword = byId("pw-new");
  var renewal = byId("pw-renewal");
  var renewalTimer = null;
  function showRenewal() {
    if (!oldPassword.value || !newPassword.value) {
      renewal.setAttribute("data-similar", "");
      renewal.textContent = french("Tapez l'ancien et le nouveau mot de passe.");
      return;
    }
    var result = engine.renewal(oldPassword.value, newPassword.value);
    renewal.setAttribute("data-similar", result.similar ? "true" : "false");
    clear(renewal);
    var mark = el("span", "pw-mark " + (result.similar ? "pw-mark--no" : "pw-mark--yes"),
      result.similar ? "✗ " : "✓ ");
    mark.setAttribute("aria-hidden", "true");
    renewal.appendChild(mark);
    renewal.appendChild(el("strong", "", result.similar ? "Trop proche de l'ancien. " : "Vraiment nouveau. "));
    renewal.appendChild(el("span", "", result.text));
  }
  document.querySelectorAll("[data-pw-renewal]").forEach(function (input) {
    input.addEventListener("input", function () {
      window.clearTimeout(renewalTimer);
      renewalTimer = window.setTimeout(showRenewal, ANNOUNCE_DELAY);
    });
  });

  // --- Créer ---

  function caseWords(cnilCase) {
    return cnilCase ? "cas " + cnilCase + " de la CNIL atteint" : "aucun cas de la CNIL atteint";
  }

  function whole(input, low, high) {
    var n = Number(input.value);
    return Number.isInteger(n) && n >= low && n <= high ? n : null;
  }

  function fail(info, message, box) {
    box.hidden = true;
    info.className = "small pw-error";
    info.textContent = french(message);
  }

  function done(info, message, box, output, value) {
    output.textContent = value;
    byId(output.id + "-copied").textContent = "";
    box.hidden = false;
    info.className = "small";
    info.textContent = french(message);
  }

  byId("pw-make-phrase").addEventListener("click", function () {
    var info = byId("pw-phrase-info");
    var box = byId("pw-phrase-box");
    var words = whole(byId("pw-words"), 4, 12);
    if (words === null) {
      fail(info, "Indiquez un nombre de mots entier, de 4 à 12.", box);
      return;
    }
    try {
      var result = engine.generatePassphrase({
        words: words,
        separator: byId("pw-separator").value,
        accents: byId("pw-accents").checked,
        capitalize: byId("pw-capitalize").checked,
        digit: byId("pw-digit").checked
      });
      done(info, "Phrase de passe de " + plural(result.words.length, "mot", "mots") + " : " +
        Math.floor(result.entropyBits) + " bits, " + caseWords(result.cnilCase) + ".",
        box, byId("pw-phrase"), result.value);
    } catch (error) {
      fail(info, error.message, box);
    }
  });

  byId("pw-make-password").addEventListener("click", function () {
    var info = byId("pw-random-info");
    var box = byId("pw-random-box");
    var length = whole(byId("pw-length"), 8, 128);
    if (length === null) {
      fail(info, "Indiquez un nombre de caractères entier, de 8 à 128.", box);
      return;
    }
    try {
      var result = engine.generatePassword({
        length: length,
        lower: byId("pw-lower").checked,
        upper: byId("pw-upper").checked,
        digit: byId("pw-digits").checked,
        special: byId("pw-special").checked,
        exclude: byId("pw-exclude").value
      });
      done(info, "Mot de passe de " + plural(length, "caractère", "caractères") + " : " +
        Math.floor(result.entropyBits) + " bits, " + caseWords(result.cnilCase) + ".",
        box, byId("pw-random"), result.value);
    } catch (error) {
      fail(info, error.message, box);
    }
  });

  // « Copier »: the clipboard when the browser allows it; otherwise the text
  // is selected and the person told how to copy it.
  document.querySelectorAll("[data-pw-copy]").forEach(function (button) {
    var source = byId(button.getAttribute("data-pw-copy"));
    var said = byId(source.id + "-copied");
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      said.textContent = french("Copie automatique impossible ici : le texte est sélectionné, copiez-le avec Ctrl + C (⌘ + C sur Mac), ou par un appui long sur un téléphone.");
    }
    button.addEventListener("click", function () {
      var text = source.textContent;
      if (!navigator.clipboard || !window.isSecureContext) {
        selectIt();
        return;
      }
      navigator.clipboard.writeText(text).then(function () {
        said.textContent = french("Copié. Collez-le dans votre gestionnaire de mots de passe.");
      }, selectIt);
    });
  });
})();
