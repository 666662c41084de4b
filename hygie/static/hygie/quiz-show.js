// The cyberquiz's show on the projector: one screen per phase, read from the
// same WebSocket messages as the host's screen. The server runs the clock:
// nothing here waits for an animation before showing the state it received.
(function () {
  "use strict";

  var root = document.getElementById("show");
  if (!root) return;
  var SHAPES = ["▲", "◆", "●", "■"];
  var SHAPE_NAMES = ["triangle", "losange", "rond", "carré"];
  var ICONS = { vrai_faux: "✔✘", choix_unique: "◉", choix_multiples: "☑" };
  var PODIUM_STEP_MS = 1200;
  var socket = null;
  var state = null;
  var deadline = null;
  var span = null;
  var retry = 500;
  var podiumTimers = [];
  var lastTick = null;
  var listed = false;

  function $(id) { return document.getElementById(id); }
  function plural(n, one, many) { return Math.abs(n) >= 2 ? many : one; }
  function points(n) { return n + " " + plural(n, "point", "points"); }
  function ordinal(n) { return n === 1 ? "1er" : n + "e"; }
  function text(id, value) {
    var el = $(id);
    if (el) el.textContent = value === undefined || value === null ? "" : String(value);
  }
  function make(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content !== undefined) el.textContent = content;
    return el;
  }

  // A cue for the optional sound theme (quiz-sound.js), which plays it only if
  // the host switched the sound on. Fired and forgotten: the show never waits.
  function cue(name) {
    root.dispatchEvent(new CustomEvent("show-cue", { detail: name }));
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.getAttribute("data-socket"));
    socket.onopen = function () { retry = 500; text("show-status", ""); };
    socket.onmessage = function (event) { receive(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      if (event.code === 4403) { text("show-status", "Accès refusé à cette partie."); return; }
      text("show-status", "Connexion perdue : reconnexion…");
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
      var before = state ? state.phase : null;
      state = message.state;
      render(changed);
      if (before && before !== state.phase) cue(state.phase);
    } else if (message.type === "players") {
      players(message.players);
    } else if (message.type === "count") {
      text("show-answered", message.answered);
      text("show-players-total", message.players);
    } else if (message.type === "error") {
      text("show-status", message.message);
    }
  }

  function players(list) {
    text("show-count", list.length);
    text("show-count-noun", plural(list.length, "joueur connecté", "joueurs connectés"));
    text("show-players-total", list.length);
    var ul = $("show-players");
    var known = {};
    ul.querySelectorAll("li").forEach(function (li) { known[li.getAttribute("data-id")] = li; });
    var keep = {};
    var joined = false;
    list.forEach(function (p) {
      keep[p.id] = true;
      if (known[p.id]) return;
      joined = true;
      var li = make("li", "show-player", p.pseudonym);
      li.setAttribute("data-id", p.id);
      ul.appendChild(li);
    });
    Object.keys(known).forEach(function (id) { if (!keep[id]) known[id].remove(); });
    // The first list is who was already there, not someone arriving.
    if (joined && listed && state && state.phase === "lobby") cue("join");
    listed = true;
  }

  function showPhase(el) {
    var phases = el.getAttribute("data-phase").split(" ");
    el.hidden = phases.indexOf(state.phase) === -1;
  }

  function render(changed) {
    document.querySelectorAll("[data-phase]").forEach(showPhase);
    document.body.setAttribute("data-current", state.phase);
    var number = state.index >= 0 ? "Question " + (state.index + 1) + " sur " + state.total : "";
    text("show-announce-number", number);
    text("show-number", number);
    text("show-announce-type", state.type_label);
    text("show-type", state.type_label);
    text("show-type-icon", ICONS[state.type] || "");
    text("show-question-text", state.text);
    if (changed) {
      options();
      text("show-explanation", state.explanation);
      text("show-source", state.source ? "Source : " + state.source : "");
      top();
      podium();
      if (state.phase === "answering") text("show-answered", 0);
    }
    deadline = state.ends_in_ms === null ? null : Date.now() + state.ends_in_ms;
    if (changed) lastTick = null;
    span = state.phase === "answering" ? state.seconds * 1000 : state.ends_in_ms;
    tick();
  }

  function options() {
    var list = $("show-options");
    list.textContent = "";
    if (!state.options) return;
    var counts = state.distribution || [];
    var most = Math.max.apply(null, counts.concat([1]));
    state.options.forEach(function (label, i) {
      var li = make("li", "show-option show-option--" + i);
      var shape = make("span", "show-option__shape", SHAPES[i]);
      shape.setAttribute("aria-hidden", "true");
      li.appendChild(shape);
      li.appendChild(make("span", "show-option__label", label));
      if (state.phase === "reveal") {
        var right = state.correct.indexOf(i) !== -1;
        li.classList.add(right ? "show-option--right" : "show-option--wrong");
        var n = counts[i] || 0;
        var chart = make("span", "show-option__chart");
        var bar = make("span", "show-option__bar");
        bar.setAttribute("data-share", Math.round((100 * n) / most));
        chart.appendChild(bar);
        li.appendChild(chart);
        li.appendChild(make("span", "show-option__count", n + " " + plural(n, "réponse", "réponses")));
        var mark = make("span", "show-option__mark", right ? "✔ Bonne réponse" : "");
        li.appendChild(mark);
        li.setAttribute("aria-label", SHAPE_NAMES[i] + " : " + label + ", " + n + " " +
          plural(n, "réponse", "réponses") + (right ? ", bonne réponse" : ""));
      }
      list.appendChild(li);
    });
    // Bar widths by class steps of 5 %: no inline style under the strict policy.
    list.querySelectorAll(".show-option__bar").forEach(function (bar) {
      var share = Number(bar.getAttribute("data-share"));
      bar.classList.add("show-w-" + Math.round(share / 5) * 5);
    });
  }

  function top() {
    var list = $("show-top");
    list.textContent = "";
    (state.phase === "scores" ? state.top || [] : []).forEach(function (row) {
      var li = make("li", "show-row");
      li.appendChild(make("span", "show-row__rank", ordinal(row.rank)));
      li.appendChild(make("span", "show-row__name", row.pseudonym));
      li.appendChild(make("span", "show-row__score", points(row.score)));
      var moved = row.moved;
      var move = make("span", "show-row__move");
      if (moved > 0) {
        move.textContent = "▲ +" + moved;
        move.classList.add("show-row__move--up");
        move.setAttribute("aria-label", "gagne " + moved + " " + plural(moved, "place", "places"));
      } else if (moved < 0) {
        move.textContent = "▼ " + moved;
        move.classList.add("show-row__move--down");
        move.setAttribute("aria-label", "perd " + -moved + " " + plural(-moved, "place", "places"));
      } else if (moved === 0) {
        move.textContent = "=";
        move.setAttribute("aria-label", "même place");
      }
      li.appendChild(move);
      list.appendChild(li);
    });
  }

  function reducedMotion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function podium() {
    podiumTimers.forEach(window.clearTimeout);
    podiumTimers = [];
    var list = $("show-podium");
    list.textContent = "";
    if (state.phase !== "podium") return;
    var rows = (state.top || []).slice(0, 3);
    // Shown left to right as second, first, third; revealed third, second, then first.
    var places = [1, 0, 2];
    places.forEach(function (at) {
      var row = rows[at];
      if (!row) return;
      var li = make("li", "show-step show-step--" + (at + 1));
      li.setAttribute("data-place", at + 1);
      li.appendChild(make("span", "show-step__rank", ordinal(row.rank)));
      li.appendChild(make("span", "show-step__name", row.pseudonym));
      li.appendChild(make("span", "show-step__score", points(row.score)));
      var block = make("span", "show-step__block", ordinal(row.rank));
      block.setAttribute("aria-hidden", "true");
      li.appendChild(block);
      list.appendChild(li);
    });
    var order = [3, 2, 1].filter(function (place) { return rows[place - 1]; });
    order.forEach(function (place, i) {
      var step = list.querySelector('[data-place="' + place + '"]');
      if (reducedMotion() || i === 0) { step.classList.add("show-step--shown"); return; }
      step.classList.add("show-step--waiting");
      podiumTimers.push(window.setTimeout(function () {
        step.classList.remove("show-step--waiting");
        step.classList.add("show-step--shown");
      }, i * PODIUM_STEP_MS));
    });
  }

  function tick() {
    var bar = $("show-bar");
    if (deadline === null) { text("show-timer", ""); bar.className = "show-bar__fill show-w-0"; return; }
    var left = Math.max(0, deadline - Date.now());
    var seconds = Math.ceil(left / 1000);
    text("show-timer", seconds);
    if (state.phase === "answering" && seconds >= 1 && seconds <= 3 && seconds !== lastTick) {
      lastTick = seconds;
      cue("tick");
    }
    var share = span ? Math.min(100, Math.round((100 * left) / span / 2) * 2) : 0;
    bar.className = "show-bar__fill show-w-" + share;
  }
  window.setInterval(tick, 200);

  // Full screen with the button or the F key; the browser leaves it with Escape.
  var fullscreen = $("show-fullscreen");
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }
  fullscreen.addEventListener("click", toggleFullscreen);
  document.addEventListener("fullscreenchange", function () {
    fullscreen.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "f" || event.key === "F") toggleFullscreen();
  });

  document.querySelector(".show-controls").addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) send({ action: button.getAttribute("data-action") });
  });

  connect();
})();
