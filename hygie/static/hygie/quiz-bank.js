// The composer's filter: hides the questions that do not match the words,
// theme, type and difficulty chosen, never a ticked one, without reloading
// the page (so that the title and the ticks stay). Without this script,
// « Filtrer » posts the form back and the server hides the same rows.
(function () {
  "use strict";
  var box = document.getElementById("quiz-filter");
  if (!box) return;
  var form = box.closest("form");
  var words = document.getElementById("recherche");
  var theme = document.getElementById("filtre-theme");
  var type = document.getElementById("filtre-type");
  var difficulty = document.getElementById("filtre-difficulte");
  var status = document.getElementById("quiz-shown");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".quiz-pick[data-search]"));

  function fold(text) {
    return text.toLocaleLowerCase("fr").normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function apply() {
    var wanted = fold(words.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var ticked = row.querySelector("input[type=checkbox]").checked;
      var text = row.dataset.search;
      var match = wanted.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (!theme.value || row.dataset.theme === theme.value) &&
        (!type.value || row.dataset.type === type.value) &&
        (!difficulty.value || row.dataset.difficulty === difficulty.value);
      row.hidden = !(ticked || match);
      if (!row.hidden) shown += 1;
    });
    status.textContent = shown + (shown > 1 ? " questions affichées" : " question affichée") +
      " ; les questions cochées restent affichées.";
  }

  words.addEventListener("input", apply);
  [theme, type, difficulty].forEach(function (el) { el.addEventListener("change", apply); });
  document.getElementById("filtrer").addEventListener("click", function (event) {
    event.preventDefault();
    apply();
  });
  // Enter in the search box filters rather than saves.
  words.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); apply(); }
  });
})();
