// Gatehouse console behaviour. No inline scripts (the Content-Security-Policy forbids them): everything hangs
// off data attributes, and keeps working after htmx swaps.
(function () {
  'use strict';

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token']; } catch (e) { return ''; }
  }

  // Confirm destructive forms.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // Copy buttons: data-copy names the element whose text is copied.
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('[data-copy]') : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) { return; }
    var text = source.textContent.trim();
    var done = function () { button.textContent = 'Copied'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      selectText(source);
      try { document.execCommand('copy'); done(); } catch (e) { /* the text stays selected for Ctrl+C */ }
    }
  });

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // "Try it": post the form to the console, which relays the repository's own /v1 stream; show it as it arrives.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('[data-try-it]')) { return; }
    event.preventDefault();
    var output = document.getElementById('try-output');
    var outcome = document.getElementById('try-outcome');
    var button = form.querySelector('button[type=submit]');
    var facts = document.getElementById('try-facts');
    output.textContent = '';
    var policies = document.getElementById('try-policies');
    facts.textContent = '';
    policies.textContent = '';
    outcome.textContent = 'Sending…';
    outcome.className = '';
    button.disabled = true;
    streamForm(form.action, form, handleEvent).then(function () {
      if (outcome.textContent === 'Sending…') { outcome.textContent = 'Done.'; outcome.className = 'notice'; }
    }).catch(function (error) {
      outcome.textContent = error.message;
      outcome.className = 'error';
    }).finally(function () { button.disabled = false; outcome.focus(); });

    function handleEvent(message) {
      if (message.type === 'delta') { output.textContent += message.text; }
      else if (message.type === 'facts') { facts.textContent = message.text; }
      else if (message.type === 'policies') { policies.textContent = 'Policies: ' + message.text; }
      else if (message.type === 'outcome') {
        outcome.textContent = message.text;
        outcome.className = message.ok ? 'notice' : 'error';
        outcome.setAttribute('data-status', String(message.status));
      }
    }
  });

  // Posts a form and calls onEvent with each server-sent event of the answer ({type, …}) as it arrives.
  function streamForm(url, form, onEvent) {
    return fetch(url, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin'
    }).then(function (response) {
      if (!response.ok || !response.body) {
        return response.text().then(function (t) { throw new Error(t || ('HTTP ' + response.status)); });
      }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = '';
      function pump() {
        return reader.read().then(function (step) {
          if (step.done) { return; }
          buffer += decoder.decode(step.value, { stream: true });
          var events = buffer.split('\n\n');
          buffer = events.pop();
          events.forEach(function (block) {
            var data = block.split('\n').filter(function (l) { return l.indexOf('data:') === 0; })
              .map(function (l) { return l.slice(5).trim(); }).join('\n');
            if (!data) { return; }
            try { onEvent(JSON.parse(data)); } catch (e) { /* not an event of ours */ }
          });
          return pump();
        });
      }
      return pump();
    });
  }

  // Private chat: the prompt is streamed back piece by piece; without JavaScript the form posts and redirects.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches('[data-chat]')) { return; }
    event.preventDefault();
    var list = document.getElementById('chat-messages');
    var outcome = document.getElementById('chat-outcome');
    var prompt = document.getElementById('chat-prompt');
    var button = form.querySelector('button[type=submit]');
    var model = document.getElementById('chat-model').value;
    function message(cls, who, text) {
      var item = document.createElement('li');
      item.className = 'message ' + cls;
      var label = document.createElement('span');
      label.className = 'who';
      label.textContent = who;
      var body = document.createElement('div');
      body.className = 'text';
      body.textContent = text;
      item.appendChild(label);
      item.appendChild(body);
      list.appendChild(item);
      return body;
    }
    message('from-user', 'You', prompt.value);
    var answer = message('from-assistant', model, '');
    outcome.textContent = 'Answering…';
    outcome.className = '';
    button.disabled = true;
    streamForm(form.getAttribute('data-stream'), form, function (m) {
      if (m.type === 'delta') { answer.textContent += m.text; }
      else if (m.type === 'outcome') {
        outcome.textContent = m.text;
        outcome.className = m.ok ? 'notice' : 'error';
        outcome.setAttribute('data-status', String(m.status));
        if (m.ok) { prompt.value = ''; } else if (!answer.textContent) { answer.parentNode.remove(); }
      }
    }).catch(function (error) {
      outcome.textContent = error.message;
      outcome.className = 'error';
    }).finally(function () { button.disabled = false; outcome.focus(); });
  });

  // An htmx answer that marks its result with data-focus takes the focus, so keyboard and screen-reader users land
  // on the outcome instead of on <body> (the button they pressed may have been swapped or disabled).
  document.addEventListener('htmx:afterSettle', function (event) {
    var result = event.target.querySelector ? event.target.querySelector('[data-focus]') : null;
    if (result) { result.focus(); }
  });

  // Small screens: the section menu folds behind its Menu button (without JavaScript it simply stays open).
  function foldMenu() {
    var nav = document.getElementById('menu');
    var button = nav ? nav.querySelector('.menu-button') : null;
    if (!button) { return; }
    nav.classList.add('collapsed');
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('click', function () {
      var open = nav.classList.toggle('collapsed') === false;
      button.setAttribute('aria-expanded', String(open));
    });
  }
  document.addEventListener('DOMContentLoaded', foldMenu);

  // A table wider than its box says so: a hint above it, a shadow at the edge, and the box takes the keyboard focus
  // so it can be scrolled with the arrow keys.
  function markWideTables() {
    document.querySelectorAll('.table-wrap').forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var before = wrap.previousElementSibling;
      var hint = before && before.classList.contains('scroll-hint') ? before : null;
      wrap.classList.toggle('scrolls', scrolls);
      if (scrolls) {
        wrap.setAttribute('tabindex', '0');
        wrap.setAttribute('role', 'region');
        wrap.setAttribute('aria-label', 'Table, scrolls sideways');
        if (!hint) {
          hint = document.createElement('p');
          hint.className = 'scroll-hint';
          hint.textContent = 'This table is wider than the screen: scroll it sideways to see every column.';
          wrap.parentNode.insertBefore(hint, wrap);
        }
      } else {
        ['tabindex', 'role', 'aria-label'].forEach(function (a) { wrap.removeAttribute(a); });
        if (hint) { hint.remove(); }
      }
    });
  }
  document.addEventListener('DOMContentLoaded', markWideTables);
  document.addEventListener('htmx:afterSettle', markWideTables);
  window.addEventListener('resize', markWideTables);

  // Usage charts: data-chart on a canvas names the JSON to draw.
  var charts = [];
  function drawCharts() {
    if (typeof window.Chart === 'undefined') { return; }
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      fetch(canvas.getAttribute('data-chart'), { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (spec) {
          charts.push(new window.Chart(canvas, {
            type: spec.type,
            data: { labels: spec.labels, datasets: spec.datasets },
            options: { responsive: true, maintainAspectRatio: false, animation: false,
              scales: spec.type === 'bar' ? { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } : { y: { beginAtZero: true } } }
          }));
          canvas.setAttribute('data-points', String(spec.total));
        });
    });
  }
  document.addEventListener('DOMContentLoaded', drawCharts);
  document.addEventListener('htmx:afterSettle', drawCharts);
})();
