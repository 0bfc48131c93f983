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

  // The page's formatting culture (the server's choice from ?lang= and Accept-Language), so script and server agree.
  function locale() {
    return document.body.getAttribute('data-locale') || document.documentElement.lang || undefined;
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
    return new Intl.DateTimeFormat(locale(), all).format(date);
  }

  // A day's title. British English as the server writes it ("Monday 7 December 2026"), without Chrome's comma.
  function dayTitle(date, zone) {
    var title = format(date, zone, DAY);
    return locale() === 'en-GB' ? title.replace(/^([^,\s]+), /, '$1 ') : title;
  }

  function dayKey(date, zone) {
    var parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date);
    var values = {};
    parts.forEach(function (part) { values[part.type] = part.value; });
    return values.year + '-' + values.month + '-' + values.day;
  }

  var DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  // The locale's own short time (15:00 in en-GB and de, 3:00 PM in en-US), as the server writes it.
  var TIME = { timeStyle: 'short' };

  function ensureOption(select, zone) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        return;
      }
    }
    var option = document.createElement('option');
    option.value = zone;
    var container = document.querySelector('[data-slots]');
    var template = (container && container.getAttribute('data-text-device')) || '{0}';
    option.textContent = template.replace('{0}', zone.replace(/_/g, ' '));
    select.insertBefore(option, select.options.length > 1 ? select.options[1] : null);
  }

  function countText(container, count) {
    var template = container.getAttribute(count === 1 ? 'data-text-times-one' : 'data-text-times-many') || '{0}';
    return template.replace('{0}', String(count));
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
        byKey[key] = { title: dayTitle(date, zone), items: [], checked: false };
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
      count.textContent = countText(container, group.items.length);
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

  // The month calendar over the day groups: days with free times are buttons (one Tab stop, arrows move between
  // them, Enter or Space shows that day's times), the rest are disabled. The day groups stay the server's markup;
  // only the chosen day's is shown, so the radios keep their native keyboard behaviour and are always submitted.
  var MonthView = (function () {
    function parseKey(key) {
      var parts = key.split('-');
      return Date.UTC(+parts[0], +parts[1] - 1, +parts[2]);
    }

    function keyOf(time) {
      return new Date(time).toISOString().slice(0, 10);
    }

    function addDays(key, days) {
      return keyOf(parseKey(key) + days * 86400000);
    }

    function firstDayOfWeek() {
      try {
        var info = new Intl.Locale(locale() || 'en');
        var week = typeof info.getWeekInfo === 'function' ? info.getWeekInfo() : info.weekInfo;
        return week && week.firstDay ? week.firstDay % 7 : 1;
      } catch (e) {
        return 1;
      }
    }

    function utcFormat(time, options) {
      var all = { timeZone: 'UTC' };
      for (var key in options) {
        if (Object.prototype.hasOwnProperty.call(options, key)) {
          all[key] = options[key];
        }
      }
      return new Intl.DateTimeFormat(locale(), all).format(new Date(time));
    }

    function build(container, zone) {
      var previous = container.parentNode.querySelector('.month-view');
      if (previous) {
        previous.parentNode.removeChild(previous);
      }

      var days = {};
      var keys = [];
      Array.prototype.forEach.call(container.querySelectorAll('details.day'), function (details) {
        var radios = details.querySelectorAll('input[type=radio]');
        if (radios.length === 0) {
          return;
        }
        var key = dayKey(new Date(radios[0].value), zone);
        days[key] = { details: details, radios: radios, checked: details.querySelector('input:checked') !== null };
        keys.push(key);
      });
      if (keys.length === 0) {
        return;
      }

      var selected = keys.filter(function (key) { return days[key].checked; })[0] || keys[0];
      var view = document.createElement('div');
      view.className = 'month-view';
      var hint = document.createElement('p');
      hint.className = 'hint';
      hint.id = 'month-hint';
      hint.textContent = container.getAttribute('data-text-hint') || '';
      view.appendChild(hint);

      var nav = document.createElement('div');
      nav.className = 'month-nav';
      var prev = navButton(container.getAttribute('data-text-previous'), '\u2039');
      var title = document.createElement('p');
      title.className = 'month-title';
      title.id = 'month-title';
      title.setAttribute('aria-live', 'polite');
      var next = navButton(container.getAttribute('data-text-next'), '\u203A');
      nav.appendChild(prev);
      nav.appendChild(title);
      nav.appendChild(next);
      view.appendChild(nav);

      var table = document.createElement('table');
      table.className = 'month';
      table.setAttribute('aria-labelledby', 'month-title');
      table.setAttribute('aria-describedby', 'month-hint');
      view.appendChild(table);

      var chosen = document.createElement('p');
      chosen.className = 'chosen-day';
      chosen.setAttribute('aria-live', 'polite');
      view.appendChild(chosen);
      container.parentNode.insertBefore(view, container);
      container.classList.add('month-mode');

      var shownMonth = selected.slice(0, 7);
      var focusKey = selected;

      function showDay(key) {
        selected = key;
        focusKey = key;
        keys.forEach(function (k) {
          var day = days[k];
          var visible = k === key;
          day.details.hidden = !visible;
          day.details.open = visible;
          // Only the shown day's radios are required: a browser cannot point at a missing choice it hides.
          Array.prototype.forEach.call(day.radios, function (radio) { radio.required = visible; });
        });
        var name = days[key].details.querySelector('.day-name');
        var count = days[key].details.querySelector('.day-count');
        chosen.textContent = (name ? name.textContent : '') + (count ? ' \u2013 ' + count.textContent : '');
      }

      function render(focus) {
        var months = keys.map(function (k) { return k.slice(0, 7); });
        prev.disabled = months[0] >= shownMonth;
        next.disabled = months[months.length - 1] <= shownMonth;
        var first = parseKey(shownMonth + '-01');
        title.textContent = utcFormat(first, { month: 'long', year: 'numeric' });
        while (table.firstChild) {
          table.removeChild(table.firstChild);
        }

        var weekStart = firstDayOfWeek();
        var head = document.createElement('thead');
        var headRow = document.createElement('tr');
        for (var i = 0; i < 7; i++) {
          var sample = Date.UTC(2024, 0, 7 + ((weekStart + i) % 7)); // 2024-01-07 was a Sunday
          var th = document.createElement('th');
          th.scope = 'col';
          var abbr = document.createElement('abbr');
          abbr.title = utcFormat(sample, { weekday: 'long' });
          abbr.textContent = utcFormat(sample, { weekday: 'short' });
          th.appendChild(abbr);
          headRow.appendChild(th);
        }
        head.appendChild(headRow);
        table.appendChild(head);

        var body = document.createElement('tbody');
        var offset = (new Date(first).getUTCDay() - weekStart + 7) % 7;
        var key = addDays(shownMonth + '-01', -offset);
        var focusInMonth = focusKey.slice(0, 7) === shownMonth && days[focusKey] ? focusKey : keys.filter(function (k) { return k.slice(0, 7) === shownMonth; })[0];
        do {
          var row = document.createElement('tr');
          for (var d = 0; d < 7; d++) {
            var cell = document.createElement('td');
            if (key.slice(0, 7) === shownMonth) {
              cell.appendChild(dayButton(key, key === focusInMonth));
            }
            row.appendChild(cell);
            key = addDays(key, 1);
          }
          body.appendChild(row);
        } while (key.slice(0, 7) === shownMonth);
        table.appendChild(body);
        if (focus) {
          var target = table.querySelector('button[tabindex="0"]');
          if (target) {
            target.focus();
          }
        }
      }

      function dayButton(key, isFocusTarget) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'month-day';
        button.textContent = String(+key.slice(8));
        var label = utcFormat(parseKey(key), { weekday: 'long', day: 'numeric', month: 'long' });
        if (days[key]) {
          button.setAttribute('aria-label', label + ', ' + countText(container, days[key].radios.length));
          button.setAttribute('aria-pressed', key === selected ? 'true' : 'false');
          button.tabIndex = isFocusTarget ? 0 : -1;
          button.setAttribute('data-key', key);
          button.addEventListener('click', function () {
            showDay(key);
            render(true);
          });
          button.addEventListener('keydown', function (event) {
            var step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[event.key];
            if (!step) {
              return;
            }
            event.preventDefault();
            var target = nearest(key, step);
            if (target) {
              focusKey = target;
              shownMonth = target.slice(0, 7);
              render(true);
            }
          });
        } else {
          button.disabled = true;
          button.setAttribute('aria-label', label + ', ' + (container.getAttribute('data-text-none') || ''));
        }
        return button;
      }

      // The next day with times in the arrow's direction (a week's step keeps the weekday when it can).
      function nearest(from, step) {
        var last = keys[keys.length - 1];
        var firstKey = keys[0];
        var key = addDays(from, step);
        while (key >= firstKey && key <= last) {
          if (days[key]) {
            return key;
          }
          key = addDays(key, step > 0 ? 1 : -1);
        }
        return null;
      }

      function navButton(label, symbol) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary month-step';
        button.setAttribute('aria-label', label || '');
        button.textContent = symbol;
        return button;
      }

      function step(direction) {
        var months = keys.map(function (k) { return k.slice(0, 7); });
        var target = direction < 0
          ? months.filter(function (m) { return m < shownMonth; }).pop()
          : months.filter(function (m) { return m > shownMonth; })[0];
        if (target) {
          shownMonth = target;
          focusKey = keys.filter(function (k) { return k.slice(0, 7) === target; })[0];
          render(false);
        }
      }

      prev.addEventListener('click', function () { step(-1); });
      next.addEventListener('click', function () { step(1); });
      showDay(selected);
      render(false);
    }

    return { build: build };
  })();

  function showZone(zone) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-zone-name]'), function (el) {
      el.textContent = zone;
    });
    Array.prototype.forEach.call(document.querySelectorAll('time[data-instant]'), function (el) {
      var instant = new Date(el.getAttribute('data-instant'));
      el.textContent = dayTitle(instant, zone) + ', ' + format(instant, zone, TIME);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-range-start]'), function (el) {
      var start = new Date(el.getAttribute('data-range-start'));
      var end = new Date(el.getAttribute('data-range-end'));
      el.textContent = dayTitle(start, zone) + ', ' + format(start, zone, TIME) + '\u2013' + format(end, zone, TIME);
    });
    Array.prototype.forEach.call(document.querySelectorAll('input[data-zone-field]'), function (el) {
      el.value = zone;
    });
    var container = document.querySelector('[data-slots]');
    if (container) {
      renderSlots(container, zone);
      MonthView.build(container, zone);
    }
  }

  // A rendered booking page confirms the open: scanners, previews and bare GETs never run this, so only people count.
  ready(function () {
    var header = document.querySelector('[data-opened]');
    if (header && window.fetch) {
      window.fetch(header.getAttribute('data-opened'), { method: 'POST', credentials: 'omit', keepalive: true })
        .catch(function () { /* counting opens must never disturb the page */ });
    }
  });

  ready(function () {
    var root = document.querySelector('[data-display-zone]');
    if (!root) {
      return;
    }

    var message = document.querySelector('[data-autofocus]');
    if (message && message.textContent.trim() !== '') {
      message.focus();
    }

    var slots = document.querySelector('[data-slots]');
    if (slots) {
      MonthView.build(slots, root.getAttribute('data-display-zone'));
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
