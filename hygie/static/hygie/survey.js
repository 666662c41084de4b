// The survey form: conditional questions shown only when they apply, and the
// answers in progress kept in this browser (localStorage) until they are
// sent. The form works without this file: every question is shown, with the
// condition written beside it, and the server drops the answers to
// questions whose condition is not met.
(function () {
  "use strict";

  var thanks = document.querySelector("[data-clear-draft]");
  if (thanks) {
    try { window.localStorage.removeItem(thanks.getAttribute("data-clear-draft")); } catch (e) { /* storage off */ }
  }

  var form = document.querySelector("form[data-survey-form]");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll(".survey-condition").forEach(function (el) { el.hidden = true; });

  function fieldOf(questionKey) { return "q-" + questionKey; }

  function values(name) {
    var found = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.disabled) return;
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "") found.push(input.value);
    });
    return found;
  }

  // In document order, so that a question hidden hides the ones it conditions.
  function applyConditions() {
    form.querySelectorAll("fieldset[data-show-if]").forEach(function (question) {
      var wanted = question.getAttribute("data-show-answers").split(" ");
      var given = values(fieldOf(question.getAttribute("data-show-if")));
      var shown = given.some(function (v) { return wanted.indexOf(v) !== -1; });
      question.hidden = !shown;
      question.querySelectorAll("input, textarea").forEach(function (input) {
        input.disabled = !shown;
      });
    });
  }

  function save() {
    var draft = {};
    form.querySelectorAll("input[name^='q-'], textarea[name^='q-']").forEach(function (input) {
      if (!(input.name in draft)) draft[input.name] = [];
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "") draft[input.name].push(input.value);
    });
    try { window.localStorage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage off */ }
  }

  function restore() {
    var draft;
    try { draft = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    if (!draft) return;
    form.querySelectorAll("input[name^='q-'], textarea[name^='q-']").forEach(function (input) {
      var kept = draft[input.name];
      if (!kept) return;
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = kept.indexOf(input.value) !== -1;
      } else {
        input.value = kept[0] || "";
      }
    });
  }

  if (form.hasAttribute("data-restore")) restore();
  applyConditions();
  form.addEventListener("change", function () { applyConditions(); save(); });
  form.addEventListener("input", save);
})();
