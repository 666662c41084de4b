// The cyberquiz on a player's phone. The server runs the game; each state
// message redraws the screen of its phase from scratch, so that nothing of
// the previous phase (a question's heading, a verdict) stays on screen.
// On connecting (and reconnecting), the server sends the current state with
// this player's own score and answer: a reload lands on the current phase.
(function () {
  "use strict";

  var root = document.getElementById("quiz-phone");
  if (!root) return;
  var SHAPES = ["▲", "◆", "●", "■"];
  var TYPE_ICONS = { vrai_faux: "✔ ✘", choix_unique: "●", choix_multiples: "● ●" };
  var socket = null;
  var state = null;
  var mine = {};
  var deadline = null;
  var retry = 500;
  var retryTimer = null;
  var chosen = [];
  var sent = false;

  function $(id) { return document.getElementById(id); }

  // French: 0 and 1 take the singular (hygie/lib/french.py); ranks as
  // hygie/quiz/ranks.py writes them: « 1er », then « 2e ».
  function plural(n, one, many) { return Math.abs(n) >= 2 ? many : one; }
  function ordinal(n) { return n === 1 ? "1er" : n + "e"; }
  function points(n) { return n + " " + plural(n, "point", "points"); }

  function text(id, value) {
    var el = $(id);
    if (el) el.textContent = value === undefined || value === null ? "" : String(value);
  }

  function status(message) { text("status", message); }

  function connect() {
    retryTimer = null;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.getAttribute("data-socket"));
    socket.onopen = function () { retry = 500; status(""); };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4000) { status("Vous avez été retiré de la partie."); return; }
      if (event.code === 4401 || event.code === 4403) {
        status("Accès refusé à cette partie.");
        return;
      }
      status("Connexion perdue : reconnexion…");
      retryTimer = window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 8000);
    };
  }

  // Back on the network, or back to the browser's tab: reconnect now rather
  // than at the end of the back-off.
  function reconnectNow() {
    if (socket || retryTimer === null) return;
    window.clearTimeout(retryTimer);
    connect();
  }
  window.addEventListener("online", reconnectNow);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) reconnectNow();
  });

  function send(data) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(data));
  }

  function receive(message) {
    if (message.type === "state") {
      var changed = !state || state.seq !== message.state.seq;
      state = message.state;
      if (changed) { chosen = []; sent = false; text("feedback", ""); }
      if (message.me) {
        // Between reveals the server sends the pseudonym only: the score and
        // the rank are kept from the last results.
        for (var key in message.me) mine[key] = message.me[key];
        if (!("correct" in message.me)) { delete mine.correct; delete mine.points; }
        if (message.me.answered) sent = true;
        if (message.me.choices) chosen = message.me.choices.slice();
        if (!message.me.answered) delete mine.choices;
      }
      render();
    } else if (message.type === "ack") {
      if (message.status === "ok" || message.status === "duplicate" || message.status === "late") {
        sent = true;
        answering();
      }
      if (message.status !== "ok") text("feedback", message.message);
    } else if (message.type === "error") {
      text("feedback", message.message);
    } else if (message.type === "removed") {
      status("Vous avez été retiré de la partie.");
    }
  }

  function show(phase) {
    root.querySelectorAll("[data-show]").forEach(function (el) {
      el.hidden = el.getAttribute("data-show").split(" ").indexOf(phase) === -1;
    });
  }

  function render() {
    show(state.phase);
    text("me-name", mine.pseudonym);
    text("me-score", mine.score || 0);
    text("me-points", plural(mine.score || 0, "point", "points"));
    var progress = state.index >= 0 ? "Question " + (state.index + 1) + " sur " + state.total : "";
    // Every phase's texts are rewritten, emptied when the phase has none.
    text("announce-progress", progress);
    text("type-icon", TYPE_ICONS[state.type] || "");
    text("type-label", state.type_label);
    text("progress", progress + (state.type_label ? " · " + state.type_label : ""));
    text("question-text", state.text);
    text("scores-progress", progress);
    deadline = state.ends_in_ms === null ? null : Date.now() + state.ends_in_ms;
    tick();
    options();
    answering();
    reveal();
    scores();
    podium();
  }

  function options() {
    var list = $("options");
    list.textContent = "";
    if (state.phase !== "answering" || !state.options) return;
    state.options.forEach(function (label, i) {
      var li = document.createElement("li");
      li.className = "phone-option quiz-option--" + i;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "phone-option__button";
      button.disabled = sent;
      button.setAttribute("aria-pressed", chosen.indexOf(i) !== -1 ? "true" : "false");
      var shape = document.createElement("span");
      shape.className = "phone-option__shape";
      shape.setAttribute("aria-hidden", "true");
      shape.textContent = SHAPES[i];
      button.appendChild(shape);
      button.appendChild(document.createTextNode(" " + label));
      button.addEventListener("click", function () { pick(i); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  // While answering: the buttons, or « Réponse enregistrée » and a wait.
  function answering() {
    var on = state.phase === "answering";
    $("validate").hidden = !on || state.type !== "choix_multiples" || sent;
    $("waiting").hidden = !(on && sent);
    if (on && sent) {
      text("feedback", "Réponse enregistrée. Attendez la correction…");
      $("options").querySelectorAll("button").forEach(function (b, j) {
        b.disabled = true;
        b.setAttribute("aria-pressed", chosen.indexOf(j) !== -1 ? "true" : "false");
      });
    }
  }

  function reveal() {
    var verdict = "", right = "", won = "", streak = "";
    if (state.phase === "reveal") {
      if (mine.correct !== undefined) {
        verdict = mine.correct ? "Bonne réponse ! +" + points(mine.points) :
          (mine.points ? "En partie juste : +" + points(mine.points) : "Raté");
        won = points(mine.points);
      } else {
        verdict = "Pas de réponse à temps.";
        won = points(0);
      }
      var answers = (state.correct || []).map(function (i) { return state.options[i]; });
      right = (answers.length > 1 ? "Les bonnes réponses : " : "La bonne réponse : ") +
        answers.join(", ");
      streak = mine.streak ? mine.streak + " " +
        plural(mine.streak, "bonne réponse", "bonnes réponses") + " d'affilée" : "Aucune en cours";
      text("feedback", verdict);
      root.classList.toggle("phone-game--right", mine.correct === true);
      root.classList.toggle("phone-game--wrong", mine.correct !== true);
    } else {
      root.classList.remove("phone-game--right", "phone-game--wrong");
    }
    text("right-answer", right);
    text("won", won);
    text("streak", streak);
    text("rank", state.phase === "reveal" ? mine.rank_label : "");
    text("gap", state.phase === "reveal" && mine.gap_label ? "· " + mine.gap_label : "");
    text("explanation", state.phase === "reveal" ? state.explanation : "");
    text("source", state.phase === "reveal" && state.source ? "Source : " + state.source : "");
  }

  function scores() {
    var on = state.phase === "scores";
    text("scores-rank", on ? mine.rank_label : "");
    text("scores-gap", on ? mine.gap_label : "");
  }

  function podium() {
    var on = state.phase === "podium";
    text("final-rank", on ? mine.rank_label : "");
    text("final", on ? "Votre score : " + points(mine.score || 0) +
      (mine.rank_label ? " · " + mine.rank_label : "") + ". Merci d'avoir joué !" : "");
    var list = $("podium");
    list.textContent = "";
    (on ? state.top || [] : []).forEach(function (row) {
      var li = document.createElement("li");
      li.textContent = ordinal(row.rank) + " : " + row.pseudonym + " — " + points(row.score);
      list.appendChild(li);
    });
    var review = $("review");
    review.textContent = "";
    (on ? state.review || [] : []).forEach(function (q) {
      var li = document.createElement("li");
      var ask = document.createElement("p");
      ask.className = "phone-review__question";
      ask.textContent = q.text;
      var answer = document.createElement("p");
      answer.textContent = (q.answers.length > 1 ? "Bonnes réponses : " : "Bonne réponse : ") +
        q.answers.join(", ");
      var why = document.createElement("p");
      why.textContent = q.explanation;
      li.appendChild(ask);
      li.appendChild(answer);
      li.appendChild(why);
      if (q.source) {
        var source = document.createElement("p");
        source.className = "small";
        source.textContent = "Source : " + q.source;
        li.appendChild(source);
      }
      review.appendChild(li);
    });
  }

  function pick(i) {
    if (sent || state.phase !== "answering") return;
    if (state.type === "choix_multiples") {
      var at = chosen.indexOf(i);
      if (at === -1) chosen.push(i); else chosen.splice(at, 1);
      $("options").querySelectorAll("button").forEach(function (b, j) {
        b.setAttribute("aria-pressed", chosen.indexOf(j) !== -1 ? "true" : "false");
      });
      return;
    }
    chosen = [i];
    send({ index: state.index, answer: chosen });
  }

  function tick() {
    if (deadline === null) { text("timer", ""); return; }
    text("timer", Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  }
  window.setInterval(tick, 250);

  $("answer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!chosen.length) { text("feedback", "Choisissez au moins une réponse."); return; }
    if (!sent) send({ index: state.index, answer: chosen });
  });

  connect();
})();
