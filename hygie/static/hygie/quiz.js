// The cyberquiz's host screen (the phones have quiz-phone.js, the projector
// quiz-show.js). The server runs the game; this file shows its state and
// sends the host's actions.
(function () {
  "use strict";

  var root = document.getElementById("quiz");
  if (!root) return;
  var SHAPES = ["▲", "◆", "●", "■"];
  var socket = null;
  var state = null;
  var deadline = null;
  var retry = 500;

  function $(id) { return document.getElementById(id); }

  // French: 0 and 1 take the singular (lib/french.py); « 1er », then « 2e ».
  function plural(n, one, many) { return Math.abs(n) >= 2 ? many : one; }
  function ordinal(n) { return n === 1 ? "1er" : n + "e"; }
  function points(n) { return n + " " + plural(n, "point", "points"); }

  function text(id, value) {
    var el = $(id);
    if (el) el.textContent = value === undefined || value === null ? "" : String(value);
  }

  function status(message) { text("status", message); }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.getAttribute("data-socket"));
    socket.onopen = function () { retry = 500; status(""); };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      if (event.code === 4403) { status("Accès refusé à cette partie."); return; }
      status("Connexion perdue : reconnexion…");
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 8000);
    };
  }

  function send(data) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(data));
  }

  function receive(message) {
    if (message.type === "state") {
      state = message.state;
      render();
    } else if (message.type === "players") {
      players(message.players);
    } else if (message.type === "count") {
      text("answered", message.answered);
      text("total-players", message.players);
    } else if (message.type === "error") {
      // A message the server could not read.
      status(message.message);
    }
  }

  function players(list) {
    text("players-count", list.length);
    text("players-noun", plural(list.length, "joueur connecté", "joueurs connectés"));
    text("total-players", list.length);
    var ul = $("players");
    if (!ul) return;
    ul.textContent = "";
    list.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p.pseudonym + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn--secondary btn--small";
      remove.textContent = "Retirer";
      remove.setAttribute("aria-label", "Retirer " + p.pseudonym);
      remove.addEventListener("click", function () { send({ action: "remove", player: p.id }); });
      li.appendChild(remove);
      ul.appendChild(li);
    });
  }

  function render() {
    root.querySelectorAll("[data-show]").forEach(function (el) {
      var phases = el.getAttribute("data-show").split(" ");
      el.hidden = phases.indexOf(state.phase) === -1;
    });
    text("progress", state.index >= 0 ? "Question " + (state.index + 1) + " sur " + state.total : "");
    text("type-label", state.type_label);
    text("question-text", state.phase === "announce" ? "" : state.text);
    options();
    text("explanation", state.explanation);
    text("source", state.source ? "Source : " + state.source : "");
    top();
    deadline = state.ends_in_ms === null ? null : Date.now() + state.ends_in_ms;
    tick();
  }

  function options() {
    var list = $("options");
    if (!list) return;
    list.textContent = "";
    if (!state.options) return;
    state.options.forEach(function (label, i) {
      var li = document.createElement("li");
      li.className = "quiz-option quiz-option--" + i;
      var shape = document.createElement("span");
      shape.className = "quiz-option__shape";
      shape.setAttribute("aria-hidden", "true");
      shape.textContent = SHAPES[i];
      li.appendChild(shape);
      li.appendChild(document.createTextNode(" " + label));
      if (state.phase === "reveal") {
        var right = state.correct.indexOf(i) !== -1;
        li.classList.add(right ? "quiz-option--right" : "quiz-option--wrong");
        var mark = document.createElement("span");
        mark.className = "quiz-option__mark";
        mark.textContent = (right ? " ✔ bonne réponse" : "") +
          (state.distribution ? " · " + state.distribution[i] + " " +
            plural(state.distribution[i], "réponse", "réponses") : "");
        li.appendChild(mark);
      }
      list.appendChild(li);
    });
  }

  function top() {
    var list = $("top");
    if (!list) return;
    list.textContent = "";
    (state.top || []).forEach(function (row) {
      var li = document.createElement("li");
      // The list's own numbers are hidden (hygie.css): ties share a rank.
      li.textContent = ordinal(row.rank) + " · " + row.pseudonym + " — " + points(row.score);
      list.appendChild(li);
    });
  }

  function tick() {
    if (deadline === null) { text("timer", ""); return; }
    text("timer", Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  }
  window.setInterval(tick, 250);

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) send({ action: button.getAttribute("data-action") });
  });

  connect();
})();
