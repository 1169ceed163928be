// SPDX-License-Identifier: UNLICENSED
/**
 * `/static/program-token.js`: live updates of the job page (`web/views/helpdesk-job-page.ts`) from its event
 * stream. Plain ES2017 without modules or frameworks, same-origin only (the page's CSP has no inline script).
 * Unless the job had already ended (`data-terminal`), it follows `data-events` from `data-last-seq` with EventSource
 * (which resends `Last-Event-ID` itself when it reconnects), and on every event applies the `state` the server
 * describes: it only sets text, classes and the `hidden` attribute of elements the page already has (and the items
 * of a bulk run's failure list, by `textContent`). Without it, the page is current at every reload.
 * Serve with `Content-Type: text/javascript; charset=utf-8`.
 */
export const PROGRAM_TOKEN_JS = `'use strict';
(function () {
  var root = document.getElementById('job');
  if (!root || root.getAttribute('data-terminal') === 'true' || typeof window.EventSource !== 'function') return;
  var byId = function (id) { return document.getElementById(id); };
  var box = byId('job-state');
  var headline = byId('job-headline');
  var detail = byId('job-detail');
  var hint = byId('job-hint');
  var codeForm = byId('code-form');
  var codeInput = byId('code');
  var cancelForm = byId('cancel-form');
  var next = byId('job-next');
  var offline = byId('job-offline');
  var notice = byId('job-notice');
  var done = false;

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  function setHidden(el, hidden) {
    if (el) el.hidden = hidden;
  }

  function renderBulk(bulk) {
    if (!bulk) return;
    setText(byId('bulk-programmed'), String(bulk.programmed));
    setText(byId('bulk-failed'), String(bulk.failed));
    setText(byId('bulk-rate'), bulk.perMinute);
    var list = byId('bulk-failures');
    if (!list || list.children.length === bulk.failures.length) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    bulk.failures.forEach(function (f) {
      var li = document.createElement('li');
      var serial = document.createElement('strong');
      serial.textContent = f.serial;
      var h = document.createElement('span');
      h.className = 'hd-hint';
      h.textContent = f.hint;
      li.appendChild(serial);
      li.appendChild(document.createTextNode(': ' + f.message + ' '));
      li.appendChild(h);
      list.appendChild(li);
    });
  }

  function render(state) {
    var asking = codeForm && !codeForm.hidden;
    box.className = 'hd-state hd-tone-' + state.tone;
    box.setAttribute('data-phase', state.phase);
    setText(headline, state.headline);
    setText(detail, state.detail);
    setText(hint, state.hint);
    document.title = state.headline + ' \\u00b7 Program tokens';
    setHidden(notice, true);
    setHidden(codeForm, !state.askCode);
    if (state.askCode && codeInput) {
      codeInput.maxLength = state.codeDigits;
      if (!asking) {
        codeInput.value = '';
        codeInput.focus();
      }
    }
    setHidden(cancelForm, state.terminal);
    setHidden(next, !state.terminal);
    renderBulk(state.bulk);
  }

  var after = root.getAttribute('data-last-seq') || '0';
  var source = new window.EventSource(root.getAttribute('data-events') + '?after=' + encodeURIComponent(after));
  source.onmessage = function (message) {
    var data;
    try {
      data = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    if (!data || !data.state) return;
    render(data.state);
    if (data.state.terminal) {
      done = true;
      source.close();
    }
  };
  source.onerror = function () {
    if (!done && source.readyState === window.EventSource.CLOSED) setHidden(offline, false);
  };
  if (codeForm) {
    codeForm.addEventListener('submit', function () {
      var button = codeForm.querySelector('button');
      if (button) button.disabled = true;
    });
  }
}());
`;
