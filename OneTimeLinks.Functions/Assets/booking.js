// OneTimeLinks booking pages. Everything works without this script; it only shows times in the invitee's own time
// zone (detected with Intl, switchable without a page load) and guards against double clicks. It never inserts HTML:
// text goes in through textContent, and the only data it reads are ISO instants and IANA zone ids from attributes.
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  function ready(fn) {
    if (document.readyState !== 'loading') {
      fn();
    } else {
      document.addEventListener('DOMContentLoaded', fn);
    }
  }

  function detectZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch (e) {
      return null;
    }
  }

  function isZone(zone) {
    if (!zone) {
      return false;
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch (e) {
      return false;
    }
  }

  function format(date, zone, options) {
    var all = { timeZone: zone };
    for (var key in options) {
      if (Object.prototype.hasOwnProperty.call(options, key)) {
        all[key] = options[key];
      }
    }
    return new Intl.DateTimeFormat(undefined, all).format(date);
  }

  function dayKey(date, zone) {
    var parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date);
    var values = {};
    parts.forEach(function (part) { values[part.type] = part.value; });
    return values.year + '-' + values.month + '-' + values.day;
  }

  var DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  var TIME = { hour: 'numeric', minute: '2-digit' };
  var DATE_TIME = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit' };

  function ensureOption(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        return;
      }
    }
    var option = document.createElement('option');
    option.value = zone;
    option.textContent = zone.replace(/_/g, ' ') + ' (your device)';
    select.insertBefore(option, select.options.length > 1 ? select.options[1] : null);
  }

  // Regroups the slot radios by day in the given zone, as the server does (one collapsible day each, the first day
  // and the chosen slot's day open). The inputs themselves move, so a checked slot stays checked.
  function renderSlots(container, zone) {
    var labels = Array.prototype.slice.call(container.querySelectorAll('label.slot'));
    var groups = [];
    var byKey = {};
    labels.forEach(function (label) {
      var input = label.querySelector('input');
      var date = new Date(input.value);
      var key = dayKey(date, zone);
      if (!byKey[key]) {
        byKey[key] = { title: format(date, zone, DAY), items: [], checked: false };
        groups.push(byKey[key]);
      }
      var text = label.querySelector('[data-time]');
      if (text) {
        text.textContent = format(date, zone, TIME);
      }
      byKey[key].items.push(label);
      byKey[key].checked = byKey[key].checked || input.checked;
    });

    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    groups.forEach(function (group, index) {
      var details = document.createElement('details');
      details.className = 'day';
      details.open = index === 0 || group.checked;
      var summary = document.createElement('summary');
      var name = document.createElement('span');
      name.className = 'day-name';
      name.textContent = group.title;
      var count = document.createElement('span');
      count.className = 'day-count';
      count.textContent = group.items.length + (group.items.length === 1 ? ' time' : ' times');
      summary.appendChild(name);
      summary.appendChild(document.createTextNode(' '));
      summary.appendChild(count);
      details.appendChild(summary);
      var fieldset = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.className = 'visually-hidden';
      legend.textContent = group.title;
      fieldset.appendChild(legend);
      var grid = document.createElement('div');
      grid.className = 'slot-grid';
      group.items.forEach(function (label) { grid.appendChild(label); });
      fieldset.appendChild(grid);
      details.appendChild(fieldset);
      container.appendChild(details);
    });
  }

  function showZone(zone) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-zone-name]'), function (el) {
      el.textContent = zone;
    });
    Array.prototype.forEach.call(document.querySelectorAll('time[data-instant]'), function (el) {
      el.textContent = format(new Date(el.getAttribute('data-instant')), zone, DATE_TIME);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-range-start]'), function (el) {
      var start = new Date(el.getAttribute('data-range-start'));
      var end = new Date(el.getAttribute('data-range-end'));
      el.textContent = format(start, zone, DAY) + ', ' + format(start, zone, TIME) + '\u2013' + format(end, zone, TIME);
    });
    Array.prototype.forEach.call(document.querySelectorAll('input[data-zone-field]'), function (el) {
      el.value = zone;
    });
    var container = document.querySelector('[data-slots]');
    if (container) {
      renderSlots(container, zone);
    }
  }

  ready(function () {
    var root = document.querySelector('[data-display-zone]');
    if (!root) {
      return;
    }

    var message = document.querySelector('[data-autofocus]');
    if (message && message.textContent.trim() !== '') {
      message.focus();
    }

    var select = document.getElementById('tz');
    var displayed = root.getAttribute('data-display-zone');
    var explicit = root.getAttribute('data-zone-explicit') === 'true';
    var detected = detectZone();

    if (!explicit && isZone(detected) && detected !== displayed) {
      if (select) {
        ensureOption(select, detected);
        select.value = detected;
      }
      showZone(detected);
    }

    if (select) {
      select.addEventListener('change', function () {
        if (isZone(select.value)) {
          showZone(select.value);
        }
      });
    }

    var form = document.querySelector('form.booking-form');
    if (form) {
      form.addEventListener('submit', function () {
        var button = form.querySelector('button[type="submit"]');
        if (button) {
          // After the browser has taken the form data; a second click cannot send a second request.
          window.setTimeout(function () { button.disabled = true; }, 0);
        }
      });
    }
  });
})();
