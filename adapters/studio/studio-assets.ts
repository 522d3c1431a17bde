/**
 * The studio's stylesheet and script, shipped inside the package's JavaScript (no CDN, no
 * build step, works offline) and served from `/assets/` so the Content-Security-Policy can
 * say `script-src 'self'; style-src 'self'`: no inline script or style anywhere.
 */

/** `/assets/studio.css`. */
export const studioCss = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --accent: #0a58ca; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --est: #8fb8f0; --billed: #0a58ca; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --accent: #58a6ff; --ok: #3fb950; --bad: #f85149; --warn: #d29922; --est: #1f4f8f; --billed: #58a6ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; z-index: 2; }
header.top { display: flex; flex-wrap: wrap; gap: 4px 20px; align-items: baseline; padding: 10px 16px; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; margin-right: 12px; }
header.top nav a { margin-right: 14px; text-decoration: none; } header.top nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
main { padding: 12px 16px 40px; max-width: 1400px; }
h1 { font-size: 1.35rem; margin: 6px 0 12px; overflow-wrap: anywhere; } h2 { font-size: 1.1rem; margin: 22px 0 8px; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; margin-bottom: 12px; }
form.filters label { display: flex; flex-direction: column; font-size: 0.8rem; color: var(--muted); gap: 2px; }
input, select, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; min-height: 34px; }
button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
button.secondary { background: var(--bg); color: var(--fg); border-color: var(--line); }
button[disabled] { opacity: 0.5; cursor: not-allowed; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.prompt { max-width: 380px; overflow-wrap: anywhere; }
img.thumb { width: 64px; height: 36px; object-fit: cover; border-radius: 4px; background: var(--line); display: block; }
.placeholder { display: inline-block; width: 64px; height: 36px; border-radius: 4px; background: var(--line); }
.status { font-weight: 600; white-space: nowrap; }
.status-succeeded { color: var(--ok); } .status-failed, .status-expired, .status-timed_out, .status-persist_failed { color: var(--bad); } .status-moderated, .status-cancelled { color: var(--warn); }
progress { width: 80px; height: 8px; display: block; } progress[hidden] { display: none; }
.pager { display: flex; gap: 14px; margin: 12px 0; align-items: center; flex-wrap: wrap; }
.muted { color: var(--muted); }
.job { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px 24px; }
@media (max-width: 800px) { .job { grid-template-columns: 1fr; } }
video.player { width: 100%; max-height: 70vh; background: #000; border-radius: 6px; }
.frames { display: flex; gap: 12px; flex-wrap: wrap; } .frames figure { margin: 0; } .frames img { max-width: 200px; border-radius: 4px; display: block; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; } dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.timeline { padding-left: 20px; margin: 0; } ol.timeline li { margin-bottom: 4px; }
.error-box { border: 1px solid var(--bad); border-radius: 6px; padding: 8px 12px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
pre.copy { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.8rem; border: 1px solid var(--line); border-radius: 6px; padding: 8px; max-height: 200px; overflow: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px; } .card img.frame, .card .frame { width: 100%; aspect-ratio: 16 / 9; object-fit: cover; border-radius: 4px; background: var(--line); display: block; }
.totals { display: flex; gap: 24px; flex-wrap: wrap; font-size: 1.05rem; margin: 8px 0 4px; } .totals strong { font-variant-numeric: tabular-nums; }
figure.chart { margin: 0 0 18px; } figure.chart svg { max-width: 100%; height: auto; display: block; } figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { fill: var(--fg); font-size: 11px; } svg .est { fill: var(--est); } svg .billed { fill: var(--billed); } svg .budget { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 6 4; } svg .axis { stroke: var(--line); }
.legend { display: flex; gap: 14px; font-size: 0.85rem; } .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; } .swatch.est { background: var(--est); } .swatch.billed { background: var(--billed); } .swatch.budget { border-top: 2px dashed var(--bad); height: 0; }
#live { min-height: 1.2em; margin: 0; font-size: 0.85rem; }
`;

/** `/assets/studio.js`: live updates over Server-Sent Events, actions with confirmation, copy buttons. */
export const studioScript = `
'use strict';
(function () {
  var live = document.getElementById('live');
  function say(text) { if (live) live.textContent = text; }
  var steps = { pending: 5, submitted: 15, generating: 50, persisting: 90 };
  var terminal = ['succeeded', 'persist_failed', 'moderated', 'failed', 'expired', 'timed_out', 'cancelled'];

  // Live updates: every element carrying data-watch names a job still running.
  var watched = Array.prototype.map.call(document.querySelectorAll('[data-watch]'), function (element) { return element.getAttribute('data-watch'); });
  var unique = watched.filter(function (id, index) { return watched.indexOf(id) === index; });
  if (unique.length > 0 && typeof EventSource === 'function') {
    var source = new EventSource('/events?ids=' + encodeURIComponent(unique.join(',')));
    source.addEventListener('job', function (event) {
      var job = JSON.parse(event.data);
      var rendered = document.querySelector('[data-status-for="' + job.id + '"]');
      var changed = !rendered || rendered.getAttribute('data-status') !== job.status;
      Array.prototype.forEach.call(document.querySelectorAll('[data-status-for="' + job.id + '"]'), function (cell) {
        cell.textContent = job.status.replace('_', ' ');
        cell.className = 'status status-' + job.status;
        cell.setAttribute('data-status', job.status);
      });
      Array.prototype.forEach.call(document.querySelectorAll('[data-progress-for="' + job.id + '"]'), function (bar) {
        // The provider's percentage when this studio runs the job, else the step its status stands for.
        if (typeof job.progress === 'number') bar.value = job.progress;
        else if (steps[job.status] !== undefined) bar.value = steps[job.status];
        if (terminal.indexOf(job.status) >= 0) bar.hidden = true;
      });
      if (document.body.getAttribute('data-page') === 'job' && document.body.getAttribute('data-job-id') === job.id && job.status !== document.body.getAttribute('data-status')) {
        say('Status: ' + job.status + '. Reloading…');
        window.location.reload();
      } else if (changed) {
        say('Job ' + job.id.slice(0, 8) + ' is now ' + job.status.replace('_', ' '));
      }
    });
  }

  // Actions (resume, persist, cancel): POST with a header a cross-site form cannot send.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-action]'), function (button) {
    button.addEventListener('click', function () {
      var action = button.getAttribute('data-action');
      var question = button.getAttribute('data-confirm');
      if (question && !window.confirm(question)) return;
      button.disabled = true;
      say(action + '…');
      fetch('/api/jobs/' + encodeURIComponent(button.getAttribute('data-job')) + '/' + action, {
        method: 'POST', headers: { 'X-Studio-Action': action, 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin'
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { say(action + ' refused (' + response.status + '): ' + (body.error ? body.error.message : '')); button.disabled = false; return; }
          say(action + ': ' + (body.status || 'started'));
        });
      }).catch(function (error) { say(action + ' failed: ' + error.message); button.disabled = false; });
    });
  });

  // Copy as CLI command / as JSON request.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-copy]'), function (button) {
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy'));
      if (!target) return;
      var text = target.textContent;
      var done = function () { say('Copied ' + button.getAttribute('data-what')); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { select(target); });
      else select(target);
    });
  });
  function select(element) {
    var range = document.createRange(); range.selectNodeContents(element);
    var selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    say('Selected: press Ctrl+C to copy');
  }
})();
`;
