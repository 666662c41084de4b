// The show's optional sound theme: short, quiet sounds made on the spot with
// the Web Audio API (no audio file to ship or licence). Off by default; the
// host's choice is remembered on this computer. No AudioContext exists before
// a gesture of the host (the toggle, or any click or key once it is on), and a
// sound is only scheduled on the audio clock: the show never waits for it.
(function () {
  "use strict";

  var root = document.getElementById("show");
  var button = document.getElementById("show-sound");
  var Context = window.AudioContext || window.webkitAudioContext;
  if (!root || !button || !Context) return;
  var KEY = "hygie.quiz.son";
  var VOLUME = 0.2;
  var JOIN_GAP_S = 0.15; // a crowd arriving makes a patter, not a roar
  var context = null;
  var master = null;
  var lastJoin = 0;
  var on = false;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(value) {
    try {
      if (value) window.localStorage.setItem(KEY, "1");
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* private browsing: the choice lasts for this page only */ }
  }

  function show() {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "Son : activé" : "Son : désactivé";
    document.body.setAttribute("data-son", !on ? "inactif" : context ? "actif" : "attente");
  }

  // Called from a user gesture only, as browsers require.
  function open() {
    if (!on) return;
    try {
      if (!context) {
        context = new Context();
        master = context.createGain();
        master.gain.value = VOLUME;
        master.connect(context.destination);
      }
      if (context.state === "suspended") context.resume().catch(function () {});
    } catch (e) {
      context = null;
    }
    show();
  }

  function close() {
    if (context) context.close().catch(function () {});
    context = null;
    master = null;
  }

  function toggle() {
    on = !on;
    remember(on);
    if (on) open();
    else close();
    show();
  }

  // One soft note: a quick rise and an exponential fade, then the oscillator stops.
  function note(frequency, at, length, type, peak, glide) {
    var oscillator = context.createOscillator();
    var gain = context.createGain();
    oscillator.type = type;
    oscillator.frequency.setValueAtTime(frequency, at);
    if (glide) oscillator.frequency.exponentialRampToValueAtTime(glide, at + length);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(peak, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    oscillator.connect(gain);
    gain.connect(master);
    oscillator.start(at);
    oscillator.stop(at + length + 0.05);
  }

  var SOUNDS = {
    // Someone joins the lobby: a short rising « bloop ».
    join: function (t) {
      if (t - lastJoin < JOIN_GAP_S) return false;
      lastJoin = t;
      note(620, t, 0.12, "sine", 0.5, 930);
      return true;
    },
    // The answers open: two notes up.
    answering: function (t) {
      note(523.25, t, 0.18, "triangle", 0.6);
      note(783.99, t + 0.09, 0.3, "triangle", 0.6);
    },
    // Each of the last three seconds: a soft tick.
    tick: function (t) { note(1100, t, 0.05, "sine", 0.35); },
    // The reveal: a gentle major chord.
    reveal: function (t) {
      [523.25, 659.25, 783.99].forEach(function (f) { note(f, t, 0.7, "sine", 0.25); });
    },
    // The podium: an arpeggio up to the octave.
    podium: function (t) {
      [523.25, 659.25, 783.99].forEach(function (f, i) { note(f, t + i * 0.14, 0.25, "triangle", 0.45); });
      note(1046.5, t + 0.42, 0.8, "triangle", 0.5);
    },
  };

  function play(name) {
    var sound = SOUNDS[name];
    if (!on || !context || !sound || context.state !== "running") return;
    try {
      if (sound(context.currentTime + 0.01) !== false) document.body.setAttribute("data-son-cue", name);
    } catch (e) { /* a sound that fails is silence, never a stopped show */ }
  }

  button.hidden = false;
  button.addEventListener("click", toggle);
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.key === "s" || event.key === "S") toggle();
    else open();
  });
  // Switched on in an earlier session: the first click or key of the host wakes it.
  document.addEventListener("pointerdown", function (event) {
    if (!button.contains(event.target)) open();
  });
  root.addEventListener("show-cue", function (event) { play(event.detail); });

  on = remembered();
  show();
})();
