/* Review queue: an action HTMX sends and the app refuses (400 with {"detail": ...}, a 503 when the
   store is busy, a lost connection) is shown in the row's own message line, not only in the console. */
(function () {
  'use strict';
  function messageOf(xhr) {
    if (!xhr) { return 'the request did not reach the app — check that cwatch serve is running'; }
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.detail) { return typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail); }
    } catch (e) { /* not JSON */ }
    return 'the app answered ' + xhr.status + (xhr.statusText ? ' ' + xhr.statusText : '');
  }
  function show(evt, text) {
    var elt = evt.detail && evt.detail.elt;
    var form = elt && (elt.closest ? elt.closest('form') : null);
    var box = form && form.querySelector('.row-error');
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
  }
  document.addEventListener('htmx:responseError', function (evt) { show(evt, messageOf(evt.detail.xhr)); });
  document.addEventListener('htmx:sendError', function (evt) { show(evt, messageOf(null)); });
  document.addEventListener('htmx:beforeRequest', function (evt) {
    var elt = evt.detail && evt.detail.elt;
    var form = elt && (elt.closest ? elt.closest('form') : null);
    var box = form && form.querySelector('.row-error');
    if (box) { box.hidden = true; box.textContent = ''; }
  });
})();
