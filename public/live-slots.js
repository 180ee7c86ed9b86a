// Live free slots on the doctor and booking pages (issue 23). These pages are whole
// without any script; this one only keeps them current. It listens to the doctor's slot
// stream, and when the slots change it reads the page again and puts the new
// [data-live-slots] region in place: on the doctor page the week is replaced (the chosen
// slot stays chosen, or the patient is told it was just taken); on the booking page the
// region changes only when the chosen slot's state did (free → gone), so nothing typed is
// lost while the slot is still free.
(function () {
  'use strict';
  var region = document.querySelector('[data-live-slots]');
  if (!region || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var doctor = region.getAttribute('data-live-slots');
  var version = null;
  var reading = false;
  var again = false;

  function tell(message) {
    var note = document.getElementById('live-slots-note');
    if (!note) {
      note = document.createElement('p');
      note.id = 'live-slots-note';
      note.className = 'notice notice-warning';
      note.setAttribute('role', 'alert');
    }
    note.textContent = message;
    var current = document.querySelector('[data-live-slots]');
    if (current && note.nextSibling !== current) current.parentNode.insertBefore(note, current);
  }

  function chosenStart(root) {
    var chosen = root.querySelector('input[name="start"]:checked');
    return chosen ? chosen.value : null;
  }

  function readAgain() {
    if (reading) { again = true; return; }
    reading = true;
    fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-live-slots]');
        var current = document.querySelector('[data-live-slots]');
        if (!fresh || !current) return;
        var state = current.getAttribute('data-live-state');
        if (state !== null && state === fresh.getAttribute('data-live-state')) return;
        // The server's page carries its own inline scripts (resolved data, under that
        // response's nonce): they are not this page's to run.
        var scripts = fresh.querySelectorAll('script');
        for (var i = 0; i < scripts.length; i++) scripts[i].remove();
        var start = chosenStart(current);
        current.replaceWith(document.adoptNode(fresh));
        if (start) {
          var inputs = fresh.querySelectorAll('input[name="start"]');
          var kept = false;
          for (var j = 0; j < inputs.length; j++) {
            if (inputs[j].value === start) { inputs[j].checked = true; kept = true; }
          }
          var message = fresh.getAttribute('data-taken-message');
          if (!kept && message) tell(message);
        }
      })
      .catch(function () { /* the next change, or the next reconnection, reads again */ })
      .then(function () {
        reading = false;
        if (again) { again = false; readAgain(); }
      });
  }

  var source = new EventSource('/api/v1/doctors/' + encodeURIComponent(doctor) + '/slots/stream');
  source.addEventListener('slots', function (event) {
    var now;
    try { now = JSON.parse(event.data).version; } catch (e) { return; }
    // The first event says where the slots stand as the stream opens; after a reconnection
    // it may be news.
    if (version !== null && now !== version) readAgain();
    version = now;
  });
})();
