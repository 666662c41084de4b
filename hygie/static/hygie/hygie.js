// Small behaviours of Hygie's pages. Every page works without this file;
// it adds confirmations, copy and print buttons, shows only the form fields
// that apply to the answers given, and keeps French punctuation with its word.
(function () {
  "use strict";

  // <form data-confirm="Question ?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy], [data-print]");
    if (!button) return;
    if (button.hasAttribute("data-print")) {
      window.print();
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    var text = source.value !== undefined ? source.value : source.textContent;
    navigator.clipboard.writeText(text.trim()).then(function () {
      var label = button.textContent;
      button.textContent = "Copié";
      window.setTimeout(function () { button.textContent = label; }, 2000);
    });
  });

  // <time data-countdown datetime="…">: the time left, kept up to date.
  function countdown() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.getAttribute("datetime")) - now) / 60000);
      if (isNaN(left)) return;
      if (left < 0) {
        el.textContent = "délai dépassé";
        var badge = el.closest(".badge");
        if (badge) badge.className = "badge badge--overdue";
        return;
      }
      var days = Math.floor(left / 1440), hours = Math.floor((left % 1440) / 60);
      var parts = [];
      if (days) parts.push(days + " j");
      if (days || hours) parts.push(hours + " h");
      parts.push((left % 60) + " min");
      el.textContent = "encore " + parts.join(" ");
    });
  }
  if (document.querySelector("time[data-countdown]")) {
    countdown();
    window.setInterval(countdown, 20000);
  }

  // Fields that apply only to some answers of others (lib/conditional.py):
  // an input with data-show-when='{"right": ["dossier"]}' shows its field
  // only while the form's answer to "right" is "dossier".
  function answerOf(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) return checked.value;
    var other = form.querySelector('select[name="' + name + '"]');
    return other ? other.value : "";
  }
  function matches(form, rule) {
    return Object.keys(rule).every(function (name) {
      return rule[name].indexOf(answerOf(form, name)) !== -1;
    });
  }
  function showWhen(form) {
    // An answer that does not apply is hidden, and unticked.
    form.querySelectorAll("[data-option-when]").forEach(function (input) {
      var option = input.closest("div");
      var shown = matches(form, JSON.parse(input.getAttribute("data-option-when")));
      if (!shown) input.checked = false;
      if (option) option.hidden = !shown;
    });
    form.querySelectorAll("[data-show-when]").forEach(function (input) {
      var field = input.closest(".field");
      if (!field) return;
      field.hidden = !matches(form, JSON.parse(input.getAttribute("data-show-when")));
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-show-when], [data-option-when]")) return;
    showWhen(form);
    form.addEventListener("change", function () { showWhen(form); });
  });

  // A page marked .print-unfold prints with its folded parts open.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(
      document.querySelectorAll(".print-unfold details:not([open])"),
      function (details) { details.open = true; return true; }
    );
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (details) { details.open = false; });
    unfolded = [];
  });

  // French typography: the space before « ? ! ; : » and inside « » cannot
  // break, so that a phone never starts a line with « ? » nor ends one on
  // « ». Narrow (U+202F) before ? ! ; and inside guillemets, ordinary width
  // (U+00A0) before the colon. Text only: not the markup, nor what a person
  // types (fields), nor code.
  var KEEP_AS_IS = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, PRE: 1, CODE: 1 };
  var BREAKABLE = /[ \t\r\n](?=[?!;:»])|«[ \t\r\n]/;
  function typeset(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (BREAKABLE.test(node.data)) found.push(node);
    }
    found.forEach(function (text) {
      for (var el = text.parentElement; el; el = el.parentElement) {
        if (KEEP_AS_IS[el.tagName]) return;
      }
      text.data = text.data
        .replace(/[ \t\r\n]+(?=[?!;»])/g, "\u202f")
        .replace(/[ \t\r\n]+(?=:)/g, "\u00a0")
        .replace(/«[ \t\r\n]+/g, "«\u202f");
    });
  }
  typeset(document.body);
  // Content swapped in by htmx (a ticked reflex, a saved answer).
  document.addEventListener("htmx:load", function (event) { typeset(event.detail.elt); });

  // Close an open header menu with Escape, returning focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.menu[open]");
    if (open) {
      open.removeAttribute("open");
      open.querySelector("summary").focus();
    }
  });
})();
