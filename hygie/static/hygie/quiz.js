// The cyberquiz screens: the host's projector and the players' phones.
// The server runs the game; this file shows its state and sends actions.
(function () {
  "use strict";

  var root = document.getElementById("quiz");
  if (!root) return;
  var role = root.getAttribute("data-role");
  var SHAPES = ["▲", "◆", "●", "■"];
  var socket = null;
  var state = null;
  var deadline = null;
  var retry = 500;
  var chosen = [];
  var sent = false;

  function $(id) { return document.getElementById(id); }

  // French: 0 and 1 take the singular (lib/french.py); « 1er », then « 2e ».
  function plural(n, one, many) { return Math.abs(n) >= 2 ? many : one; }
  function ordinal(n) { return n === 1 ? "1er" : n + "e"; }
  function points(n) { return n + " " + plural(n, "point", "points"); }
  function rank(info) { return ordinal(info.rank) + " sur " + info.players; }

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
      if (event.code === 4000) { status("Vous avez été retiré de la partie."); return; }
      if (event.code === 4401 || event.code === 4403) {
        status("Accès refusé à cette partie.");
        return;
      }
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
      var changed = !state || state.seq !== message.state.seq;
      state = message.state;
      if (changed) { chosen = []; sent = false; }
      if (message.me) me(message.me);
      render();
    } else if (message.type === "players") {
      players(message.players);
    } else if (message.type === "count") {
      text("answered", message.answered);
      text("total-players", message.players);
    } else if (message.type === "ack") {
      if (message.status === "ok") {
        sent = true;
        text("feedback", "Réponse enregistrée. Attendez la correction…");
        render();
      } else {
        text("feedback", message.message);
        if (message.status === "duplicate" || message.status === "late") { sent = true; render(); }
      }
    } else if (message.type === "error") {
      // A message the server could not read: said where the screen says things.
      text(role === "player" ? "feedback" : "status", message.message);
    } else if (message.type === "removed") {
      status("Vous avez été retiré de la partie.");
    }
  }

  function me(info) {
    text("me-name", info.pseudonym);
    if (info.score !== undefined) {
      text("me-score", info.score);
      text("me-points", plural(info.score, "point", "points"));
    }
    if (info.answered) sent = true;
    if (info.choices) chosen = info.choices.slice(); // a phone back: its answer shown
    if (!state) return;
    if (state.phase === "reveal" && info.correct !== undefined) {
      text("feedback", (info.correct ? "Bonne réponse ! +" + points(info.points) :
        (info.points ? "En partie juste : +" + points(info.points) : "Raté")) +
        (info.rank ? " · " + rank(info) : ""));
    } else if (state.phase === "reveal" && !info.answered) {
      text("feedback", "Pas de réponse à temps." + (info.rank ? " " + rank(info) : ""));
    } else if (state.phase === "podium") {
      text("final", "Votre score : " + points(info.score) +
        (info.rank ? " · " + rank(info) : "") + ". Merci d'avoir joué !");
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
    if (state.phase !== "answering" && state.phase !== "reveal" && role === "player") text("feedback", "");
    options();
    text("explanation", state.explanation);
    text("source", state.source ? "Source : " + state.source : "");
    top();
    deadline = state.ends_in_ms === null ? null : Date.now() + state.ends_in_ms;
    tick();
    if (role === "player") {
      var validate = $("validate");
      if (validate) validate.hidden = state.type !== "choix_multiples" || sent;
      if (state.phase === "answering" && sent) text("feedback", "Réponse enregistrée. Attendez la correction…");
    }
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
      if (role === "player" && state.phase === "answering") {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "quiz-option__button";
        button.disabled = sent;
        button.setAttribute("aria-pressed", chosen.indexOf(i) !== -1 ? "true" : "false");
        button.appendChild(shape);
        button.appendChild(document.createTextNode(" " + label));
        button.addEventListener("click", function () { pick(i); });
        li.appendChild(button);
      } else {
        li.appendChild(shape);
        li.appendChild(document.createTextNode(" " + label));
      }
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

  function pick(i) {
    if (sent) return;
    if (state.type === "choix_multiples") {
      var at = chosen.indexOf(i);
      if (at === -1) chosen.push(i); else chosen.splice(at, 1);
      options();
      return;
    }
    chosen = [i];
    send({ index: state.index, answer: chosen });
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

  var form = $("answer-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!sent && chosen.length) send({ index: state.index, answer: chosen });
      else if (!chosen.length) text("feedback", "Choisissez au moins une réponse.");
    });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) send({ action: button.getAttribute("data-action") });
  });

  connect();
})();
