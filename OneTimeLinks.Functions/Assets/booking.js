// OneTimeLinks booking pages. Everything works without this script; it only shows times in the invitee's own time
// zone (detected with Intl, switchable without a page load) and guards against double clicks. It never inserts HTML:
// text goes in through textContent, and the only data it reads are ISO instants and IANA zone ids from attributes.
//
// One file in sections (zone, slot list, month view, zone choice, opened beacon, form, start-up), not one module per
// concern: each asset is served under a content-hashed name and cached as immutable, and modules that import each
// other by a fixed name would need either unhashed names (stale for a year) or a build step to rewrite the imports.
(function () {
  'use strict';

  document.documentElement.classList.add('js');

  // ---------------------------------------------------------------------------------------------------------------
  // Zone: instants written in a zone, in the page's culture. The server's DisplayZone (Pages/TimeZoneChoices.cs)
  // writes the same things: dayKey is its DateOf (how slots are grouped), dayTitle its Day, TIME its Time.
  // Browser/DayGroupingBrowserTests pins the two together: script on and off must show the same days.
  // ---------------------------------------------------------------------------------------------------------------

  var DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  // The locale's own short time (15:00 in en-GB and de, 3:00 PM in en-US), as the server writes it.
  var TIME = { timeStyle: 'short' };

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

  // The calendar day an instant falls on in the zone, as yyyy-mm-dd: the key the slots are grouped by.
  function dayKey(date, zone) {
    var parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date);
    var values = {};
    parts.forEach(function (part) { values[part.type] = part.value; });
    return values.year + '-' + values.month + '-' + values.day;
  }

  function dayAndTime(date, zone) {
    return dayTitle(date, zone) + ', ' + format(date, zone, TIME);
  }

  function timeRange(start, end, zone) {
    return dayAndTime(start, zone) + '\u2013' + format(end, zone, TIME);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Small DOM helpers.
  // ---------------------------------------------------------------------------------------------------------------

  function ready(fn) {
    if (document.readyState !== 'loading') {
      fn();
    } else {
      document.addEventListener('DOMContentLoaded', fn);
    }
  }

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  // "3 times" in the page's language, from the templates the server put on the slot container.
  function countText(container, count) {
    var template = container.getAttribute(count === 1 ? 'data-text-times-one' : 'data-text-times-many') || '{0}';
    return template.replace('{0}', String(count));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Slot list: the radios regrouped by day in another zone, in the server's markup (one collapsible day each, the
  // first day and the chosen slot's day open). The inputs themselves move, so a checked slot stays checked.
  // ---------------------------------------------------------------------------------------------------------------

  function groupSlots(container, zone) {
    var groups = [];
    var byKey = {};
    each(container.querySelectorAll('label.slot'), function (label) {
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
    return groups;
  }

  function dayDetails(container, group, open) {
    var details = element('details', 'day');
    details.open = open;
    var summary = element('summary');
    summary.appendChild(element('span', 'day-name', group.title));
    summary.appendChild(document.createTextNode(' '));
    summary.appendChild(element('span', 'day-count', countText(container, group.items.length)));
    details.appendChild(summary);
    var fieldset = element('fieldset');
    fieldset.appendChild(element('legend', 'visually-hidden', group.title));
    var grid = element('div', 'slot-grid');
    group.items.forEach(function (label) { grid.appendChild(label); });
    fieldset.appendChild(grid);
    details.appendChild(fieldset);
    return details;
  }

  function renderSlots(container, zone) {
    var groups = groupSlots(container, zone);
    clear(container);
    groups.forEach(function (group, index) {
      container.appendChild(dayDetails(container, group, index === 0 || group.checked));
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Month view: a month calendar over the day groups. Days with free times are buttons (one Tab stop, arrows move
  // between them, Enter or Space shows that day's times), the rest are disabled. The day groups stay the server's
  // markup; only the chosen day's is shown, so the radios keep their native keyboard behaviour and are always
  // submitted. Calendar days are yyyy-mm-dd keys, computed at UTC midnight so no zone's DST can shift them.
  // ---------------------------------------------------------------------------------------------------------------

  var ARROW_STEPS = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };

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

  function monthOf(key) {
    return key.slice(0, 7);
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
    return format(new Date(time), 'UTC', options);
  }

  // The server's day groups that hold times, keyed by their day in the zone.
  function collectDays(container, zone) {
    var days = {};
    var keys = [];
    each(container.querySelectorAll('details.day'), function (details) {
      var radios = details.querySelectorAll('input[type=radio]');
      if (radios.length === 0) {
        return;
      }
      var key = dayKey(new Date(radios[0].value), zone);
      days[key] = { details: details, radios: radios, checked: details.querySelector('input:checked') !== null };
      keys.push(key);
    });
    return { days: days, keys: keys };
  }

  function navButton(label, symbol) {
    var button = element('button', 'secondary month-step', symbol);
    button.type = 'button';
    button.setAttribute('aria-label', label || '');
    return button;
  }

  // The view's fixed parts (hint, previous / title / next, table, chosen day), inserted above the day groups.
  function monthViewParts(container) {
    var parts = { view: element('div', 'month-view') };
    var hint = element('p', 'hint', container.getAttribute('data-text-hint') || '');
    hint.id = 'month-hint';
    parts.view.appendChild(hint);
    var nav = element('div', 'month-nav');
    parts.prev = navButton(container.getAttribute('data-text-previous'), '\u2039');
    parts.title = element('p', 'month-title');
    parts.title.id = 'month-title';
    parts.title.setAttribute('aria-live', 'polite');
    parts.next = navButton(container.getAttribute('data-text-next'), '\u203A');
    nav.appendChild(parts.prev);
    nav.appendChild(parts.title);
    nav.appendChild(parts.next);
    parts.view.appendChild(nav);
    parts.table = element('table', 'month');
    parts.table.setAttribute('aria-labelledby', 'month-title');
    parts.table.setAttribute('aria-describedby', 'month-hint');
    parts.view.appendChild(parts.table);
    parts.chosen = element('p', 'chosen-day');
    parts.chosen.setAttribute('aria-live', 'polite');
    parts.view.appendChild(parts.chosen);
    return parts;
  }

  // Builds (or rebuilds, after a zone change) the view; the state below lives as long as the view.
  function buildMonthView(container, zone) {
    var previous = container.parentNode.querySelector('.month-view');
    if (previous) {
      previous.parentNode.removeChild(previous);
    }
    var found = collectDays(container, zone);
    if (found.keys.length === 0) {
      return;
    }
    var selected = found.keys.filter(function (key) { return found.days[key].checked; })[0] || found.keys[0];
    var month = monthViewParts(container);
    month.container = container;
    month.days = found.days;
    month.keys = found.keys;
    month.selected = selected;
    month.focusKey = selected;
    month.shownMonth = monthOf(selected);
    container.parentNode.insertBefore(month.view, container);
    container.classList.add('month-mode');
    month.prev.addEventListener('click', function () { stepMonth(month, -1); });
    month.next.addEventListener('click', function () { stepMonth(month, 1); });
    showDay(month, selected);
    renderMonth(month, false);
  }

  function showDay(month, key) {
    month.selected = key;
    month.focusKey = key;
    month.keys.forEach(function (k) {
      var day = month.days[k];
      var visible = k === key;
      day.details.hidden = !visible;
      day.details.open = visible;
      // Only the shown day's radios are required: a browser cannot point at a missing choice it hides.
      each(day.radios, function (radio) { radio.required = visible; });
    });
    var name = month.days[key].details.querySelector('.day-name');
    var count = month.days[key].details.querySelector('.day-count');
    month.chosen.textContent = (name ? name.textContent : '') + (count ? ' \u2013 ' + count.textContent : '');
  }

  function firstKeyIn(month, shownMonth) {
    return month.keys.filter(function (k) { return monthOf(k) === shownMonth; })[0];
  }

  function renderMonth(month, focus) {
    var months = month.keys.map(monthOf);
    month.prev.disabled = months[0] >= month.shownMonth;
    month.next.disabled = months[months.length - 1] <= month.shownMonth;
    var first = parseKey(month.shownMonth + '-01');
    month.title.textContent = utcFormat(first, { month: 'long', year: 'numeric' });
    clear(month.table);
    var weekStart = firstDayOfWeek();
    month.table.appendChild(weekdayHead(weekStart));
    month.table.appendChild(weekRows(month, first, weekStart));
    if (focus) {
      var target = month.table.querySelector('button[tabindex="0"]');
      if (target) {
        target.focus();
      }
    }
  }

  function weekdayHead(weekStart) {
    var head = element('thead');
    var row = element('tr');
    for (var i = 0; i < 7; i++) {
      var sample = Date.UTC(2024, 0, 7 + ((weekStart + i) % 7)); // 2024-01-07 was a Sunday
      var th = element('th');
      th.scope = 'col';
      var abbr = element('abbr', '', utcFormat(sample, { weekday: 'short' }));
      abbr.title = utcFormat(sample, { weekday: 'long' });
      th.appendChild(abbr);
      row.appendChild(th);
    }
    head.appendChild(row);
    return head;
  }

  // The shown month's weeks; its days are buttons, the neighbouring months' days empty cells.
  function weekRows(month, first, weekStart) {
    var body = element('tbody');
    var offset = (new Date(first).getUTCDay() - weekStart + 7) % 7;
    var key = addDays(month.shownMonth + '-01', -offset);
    var focusInMonth = monthOf(month.focusKey) === month.shownMonth && month.days[month.focusKey]
      ? month.focusKey
      : firstKeyIn(month, month.shownMonth);
    do {
      var row = element('tr');
      for (var d = 0; d < 7; d++) {
        var cell = element('td');
        if (monthOf(key) === month.shownMonth) {
          cell.appendChild(dayButton(month, key, key === focusInMonth));
        }
        row.appendChild(cell);
        key = addDays(key, 1);
      }
      body.appendChild(row);
    } while (monthOf(key) === month.shownMonth);
    return body;
  }

  function dayButton(month, key, isFocusTarget) {
    var button = element('button', 'month-day', String(+key.slice(8)));
    button.type = 'button';
    var label = utcFormat(parseKey(key), { weekday: 'long', day: 'numeric', month: 'long' });
    if (!month.days[key]) {
      button.disabled = true;
      button.setAttribute('aria-label', label + ', ' + (month.container.getAttribute('data-text-none') || ''));
      return button;
    }
    button.setAttribute('aria-label', label + ', ' + countText(month.container, month.days[key].radios.length));
    button.setAttribute('aria-pressed', key === month.selected ? 'true' : 'false');
    button.tabIndex = isFocusTarget ? 0 : -1;
    button.setAttribute('data-key', key);
    button.addEventListener('click', function () {
      showDay(month, key);
      renderMonth(month, true);
    });
    button.addEventListener('keydown', function (event) { moveByArrow(month, key, event); });
    return button;
  }

  function moveByArrow(month, key, event) {
    var step = ARROW_STEPS[event.key];
    if (!step) {
      return;
    }
    event.preventDefault();
    var target = nearest(month, key, step);
    if (target) {
      month.focusKey = target;
      month.shownMonth = monthOf(target);
      renderMonth(month, true);
    }
  }

  // The next day with times in the arrow's direction (a week's step keeps the weekday when it can).
  function nearest(month, from, step) {
    var firstKey = month.keys[0];
    var last = month.keys[month.keys.length - 1];
    var key = addDays(from, step);
    while (key >= firstKey && key <= last) {
      if (month.days[key]) {
        return key;
      }
      key = addDays(key, step > 0 ? 1 : -1);
    }
    return null;
  }

  // The previous or next month that has times.
  function stepMonth(month, direction) {
    var months = month.keys.map(monthOf);
    var target = direction < 0
      ? months.filter(function (m) { return m < month.shownMonth; }).pop()
      : months.filter(function (m) { return m > month.shownMonth; })[0];
    if (target) {
      month.shownMonth = target;
      month.focusKey = firstKeyIn(month, target);
      renderMonth(month, false);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Zone choice: the detected zone, or the one picked in the select, shown without a page load.
  // ---------------------------------------------------------------------------------------------------------------

  // Adds the detected zone to the select (second, after the calendar's own) when the server's list lacks it.
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

  function showZone(zone) {
    each(document.querySelectorAll('[data-zone-name]'), function (el) {
      el.textContent = zone;
    });
    each(document.querySelectorAll('time[data-instant]'), function (el) {
      el.textContent = dayAndTime(new Date(el.getAttribute('data-instant')), zone);
    });
    each(document.querySelectorAll('[data-range-start]'), function (el) {
      el.textContent = timeRange(new Date(el.getAttribute('data-range-start')), new Date(el.getAttribute('data-range-end')), zone);
    });
    each(document.querySelectorAll('input[data-zone-field]'), function (el) {
      el.value = zone;
    });
    var container = document.querySelector('[data-slots]');
    if (container) {
      renderSlots(container, zone);
      buildMonthView(container, zone);
    }
  }

  // The browser's zone replaces the calendar's unless the invitee chose one (the server then already shows it).
  function startZoneChoice(root) {
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
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Opened beacon: a rendered booking page confirms the open. Scanners, previews and bare GETs never run this, so
  // only people count.
  // ---------------------------------------------------------------------------------------------------------------

  function confirmOpened() {
    var header = document.querySelector('[data-opened]');
    if (header && window.fetch) {
      window.fetch(header.getAttribute('data-opened'), { method: 'POST', credentials: 'omit', keepalive: true })
        .catch(function () { /* counting opens must never disturb the page */ });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Form: the page's message takes focus when it has something to say; a booking is submitted once.
  // ---------------------------------------------------------------------------------------------------------------

  function focusMessage() {
    var message = document.querySelector('[data-autofocus]');
    if (message && message.textContent.trim() !== '') {
      message.focus();
    }
  }

  function guardDoubleSubmit(form) {
    form.addEventListener('submit', function () {
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        // After the browser has taken the form data; a second click cannot send a second request.
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Start-up, once the document is parsed.
  // ---------------------------------------------------------------------------------------------------------------

  ready(confirmOpened);

  ready(function () {
    var root = document.querySelector('[data-display-zone]');
    if (!root) {
      return;
    }
    focusMessage();
    var slots = document.querySelector('[data-slots]');
    if (slots) {
      buildMonthView(slots, root.getAttribute('data-display-zone'));
    }
    startZoneChoice(root);
    var form = document.querySelector('form.booking-form');
    if (form) {
      guardDoubleSubmit(form);
    }
  });
})();
