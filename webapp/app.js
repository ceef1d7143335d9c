// The Mini App's page: the region's events as a list, a map and a month calendar, with
// filters and sign-up. Every text comes from the bot (its locale files, in the reader's
// language); every time comes already in the region's zone; every call carries Telegram's
// initData, which the bot checks. Plain JavaScript, no build step; the DOM is built with
// textContent only, never from HTML strings.
(function () {
  'use strict';

  // ---- Telegram: launch parameters and the few client events the page uses ------------------

  /** initData and themeParams, as Telegram passes them in the URL's fragment. */
  function launchParams() {
    var out = { initData: '', theme: null };
    var hash = new URLSearchParams(location.hash.slice(1));
    out.initData = hash.get('tgWebAppData') || '';
    try { out.theme = JSON.parse(hash.get('tgWebAppThemeParams') || 'null'); } catch (e) { out.theme = null; }
    // A reload inside Telegram may lose the fragment; the session keeps what Telegram gave.
    try {
      if (out.initData) {
        sessionStorage.setItem('atazan.initData', out.initData);
        if (out.theme) sessionStorage.setItem('atazan.theme', JSON.stringify(out.theme));
      } else {
        out.initData = sessionStorage.getItem('atazan.initData') || '';
        out.theme = JSON.parse(sessionStorage.getItem('atazan.theme') || 'null');
      }
    } catch (e) { /* storage refused: the fragment is all there is */ }
    return out;
  }

  /** Sends an event to the Telegram client (mobile, desktop or web), if there is one. */
  function postEvent(type, data) {
    var payload = JSON.stringify(data || {});
    try {
      if (window.TelegramWebviewProxy && window.TelegramWebviewProxy.postEvent) {
        window.TelegramWebviewProxy.postEvent(type, payload);
      } else if (window.external && 'notify' in window.external) {
        window.external.notify(JSON.stringify({ eventType: type, eventData: data || {} }));
      } else if (window.parent !== window) {
        window.parent.postMessage(JSON.stringify({ eventType: type, eventData: data || {} }), '*');
      }
    } catch (e) { /* not in Telegram */ }
  }
  var inTelegram = !!(window.TelegramWebviewProxy || window.parent !== window);

  var handlers = {};
  function onTelegram(type, fn) { handlers[type] = fn; }
  function received(type, data) { if (handlers[type]) handlers[type](data || {}); }
  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = { receiveEvent: received };
  window.addEventListener('message', function (m) {
    try {
      var msg = JSON.parse(m.data);
      if (msg && msg.eventType) received(msg.eventType, msg.eventData);
    } catch (e) { /* not Telegram's */ }
  });

  var CSS_VARS = {
    bg_color: '--tg-bg', text_color: '--tg-text', hint_color: '--tg-hint', link_color: '--tg-link',
    button_color: '--tg-button', button_text_color: '--tg-button-text',
    secondary_bg_color: '--tg-secondary-bg', destructive_text_color: '--tg-destructive'
  };

  /** Telegram's colours as CSS variables; dark or light by the background's brightness. */
  function applyTheme(theme) {
    if (!theme) return;
    var root = document.documentElement;
    Object.keys(CSS_VARS).forEach(function (k) {
      if (typeof theme[k] === 'string' && /^#[0-9a-fA-F]{6}$/.test(theme[k])) root.style.setProperty(CSS_VARS[k], theme[k]);
    });
    var bg = theme.bg_color;
    if (typeof bg === 'string' && /^#[0-9a-fA-F]{6}$/.test(bg)) {
      var n = parseInt(bg.slice(1), 16);
      var lum = (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
      root.dataset.theme = lum < 0.5 ? 'dark' : 'light';
    }
  }

  // ---- Small helpers -----------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  /** An element with attributes and children (strings become text nodes). */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  var launch = launchParams();
  var me = null;
  var T = function (k) { return (me && me.texts[k]) || ''; };

  function AuthError() { this.name = 'AuthError'; }
  function ApiError(status, message) { this.name = 'ApiError'; this.status = status; this.message = message || ''; }

  /** A call to the bot's API with the caller's initData. */
  function api(path, options) {
    options = options || {};
    var headers = { Authorization: 'tma ' + launch.initData };
    if (options.body) headers['Content-Type'] = 'application/json';
    return fetch('api/' + path, { method: options.method || 'GET', headers: headers, body: options.body })
      .then(function (r) {
        if (r.status === 401) throw new AuthError();
        if (!r.ok) {
          return r.json().catch(function () { return {}; }).then(function (b) { throw new ApiError(r.status, b.error); });
        }
        return r;
      }, function () { throw new ApiError(0, ''); });
  }

  function showError(e) {
    var box = $('error');
    box.hidden = false;
    if (e instanceof AuthError) {
      if (me) $('error-text').textContent = T('webapp-error-auth');
      $('retry').hidden = true;
      $('main').hidden = true;
      $('event').hidden = true;
    } else {
      $('error-text').textContent = (e && e.message) || T('webapp-error-network') ||
        'Нет связи с сервером. · Сервермен байланыс жоқ.';
      if (me) {
        $('retry').hidden = false;
        $('retry').textContent = T('webapp-retry');
      }
    }
    $('app').setAttribute('aria-busy', 'false');
  }

  function hideError() { $('error').hidden = true; }

  // ---- State ------------------------------------------------------------------------------

  var state = {
    events: [],
    view: 'list',
    month: null,       // 'YYYY-MM'
    day: null,         // 'YYYY-MM-DD' chosen in the calendar
    here: null,        // {lat, lon} when the reader shared it
    open: null         // the event shown
  };

  function params() {
    var q = new URLSearchParams();
    ['district', 'theme', 'from', 'to'].forEach(function (k) {
      var v = $(k).value;
      if (v) q.set(k, v);
    });
    var s = q.toString();
    return s ? '?' + s : '';
  }

  function load() {
    $('app').setAttribute('aria-busy', 'true');
    return api('events' + params())
      .then(function (r) { return r.json(); })
      .then(function (body) {
        hideError();
        state.events = body.events;
        renderAll();
        $('app').setAttribute('aria-busy', 'false');
        if (document.body.dataset.loaded !== 'true' && performance.mark) performance.mark('atazan-list-shown');
        document.body.dataset.loaded = 'true';
      })
      .catch(showError);
  }

  // ---- Distances for "near me" --------------------------------------------------------------

  function km(a, b) {
    var r = Math.PI / 180;
    var dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
    var x = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(x), Math.sqrt(1 - x));
  }

  function distanceText(ev) {
    if (!state.here || ev.lat === null || ev.lon === null) return '';
    var d = km(state.here, { lat: ev.lat, lon: ev.lon });
    return (d < 10 ? d.toFixed(1).replace('.', ',') : Math.round(d)) + ' ' + T('webapp-km');
  }

  function ordered(events) {
    if (!state.here) return events;
    return events.slice().sort(function (a, b) {
      var da = a.lat === null ? Infinity : km(state.here, a);
      var db = b.lat === null ? Infinity : km(state.here, b);
      return da - db || a.starts_at - b.starts_at;
    });
  }

  // ---- List -------------------------------------------------------------------------------

  function place(ev) {
    var parts = [ev.venue, ev.district.name].filter(Boolean);
    if (!ev.venue && ev.online_url) parts.unshift(T('webapp-online'));
    return parts.join(', ');
  }

  function card(ev) {
    var badges = [];
    if (ev.status === 'cancelled') badges.push(h('span', { class: 'badge cancelled', text: T('webapp-cancelled') }));
    if (ev.status === 'moved') badges.push(h('span', { class: 'badge', text: T('webapp-moved') }));
    if (ev.going) badges.push(h('span', { class: 'badge going', text: T('webapp-going') }));
    var dist = distanceText(ev);
    return h('li', { 'data-event': ev.id, 'data-district': ev.district.id },
      h('button', { type: 'button', class: 'card', onclick: function () { openEvent(ev.id); } },
        h('span', { class: 'when', text: ev.when + (dist ? ' · ' + dist : '') }),
        h('span', { class: 'title', text: ev.title }),
        h('span', { class: 'where', text: place(ev) }),
        badges.length ? h.apply(null, ['span', {}].concat(badges)) : null));
  }

  function renderList() {
    var list = $('list');
    clear(list);
    var events = ordered(state.events);
    $('found').textContent = events.length ? T('webapp-found') + ' ' + events.length : T('webapp-empty');
    events.forEach(function (ev) { list.appendChild(card(ev)); });
  }

  // ---- Map --------------------------------------------------------------------------------

  var map = null, pins = null, you = null, districtLayer = null, regionView = null, fitted = null;

  /** The region, or the chosen district's box: once per choice, so the reader's pan stays. */
  function fitView() {
    var chosen = $('district').value;
    if (fitted === chosen) return;
    fitted = chosen;
    var d = me.districts.filter(function (x) { return x.id === chosen && x.box; })[0];
    // Not animated: the pins are added right after, into the new view.
    map.fitBounds(d ? [[d.box[0], d.box[1]], [d.box[2], d.box[3]]] : regionView, { padding: [8, 8], animate: false });
  }

  function ensureMap() {
    if (map || typeof L === 'undefined') return;
    var b = me.region.bounds;
    map = L.map('map', { zoomSnap: 0.25, minZoom: 4, maxZoom: 16, attributionControl: !!me.tiles });
    if (me.tiles) {
      L.tileLayer(me.tiles.url, { attribution: me.tiles.attribution, maxZoom: 18 }).addTo(map);
    }
    districtLayer = L.layerGroup().addTo(map);
    var boxes = [];
    var area = function (d) { return (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]); };
    // Larger first, so that a city inside a district's box stays on top and can be tapped.
    me.districts.filter(function (d) { return d.box; }).sort(function (a, b) { return area(b) - area(a); }).forEach(function (d) {
      var box = [[d.box[0], d.box[1]], [d.box[2], d.box[3]]];
      boxes.push(box[0], box[1]);
      var rect = L.rectangle(box, { weight: 1, color: '#7f8c8d', fillOpacity: 0.06, className: 'district' });
      rect.bindTooltip(d.name, { direction: 'center', className: 'district-label' });
      rect.on('click', function () { $('district').value = d.id; load(); });
      rect.addTo(districtLayer);
    });
    regionView = boxes.length ? boxes : [[b[0], b[1]], [b[2], b[3]]];
    pins = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: false });
    map.addLayer(pins);
  }

  function popup(ev) {
    return h('div', { class: 'popup' },
      h('span', { class: 'title', text: ev.title }),
      h('span', { text: ev.when }), h('br'),
      h('span', { text: place(ev) }), h('br'),
      h('button', { type: 'button', onclick: function () { openEvent(ev.id); }, text: T('webapp-details') }));
  }

  function renderMap() {
    if (state.view !== 'map') return;
    ensureMap();
    if (!map) return;
    map.invalidateSize();
    fitView();
    pins.clearLayers();
    var without = 0;
    state.events.forEach(function (ev) {
      if (ev.lat === null || ev.lon === null) { without++; return; }
      var cls = 'pin' + (ev.going ? ' going' : '') + (ev.status === 'cancelled' ? ' cancelled' : '');
      var marker = L.marker([ev.lat, ev.lon], {
        icon: L.divIcon({ className: cls, iconSize: [24, 24], iconAnchor: [12, 24], popupAnchor: [0, -22] }),
        title: ev.title, keyboard: true, riseOnHover: true
      });
      marker.on('add', function () {
        var el = marker.getElement();
        if (el) {
          el.setAttribute('aria-label', ev.title + ', ' + ev.when);
          el.setAttribute('data-event', ev.id);
        }
      });
      marker.bindPopup(function () { return popup(ev); });
      pins.addLayer(marker);
    });
    $('no-venue').textContent = without ? T('webapp-no-venue') + ' ' + without : '';
    $('map').dataset.pins = String(state.events.length - without);
  }

  // ---- Calendar ---------------------------------------------------------------------------

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function renderCalendar() {
    var month = state.month;
    var y = +month.slice(0, 4), m = +month.slice(5, 7);
    var months = T('webapp-months').split(',');
    $('month-title').textContent = (months[m - 1] || month) + ' ' + y;
    $('month-title').dataset.month = month;
    var perDay = {};
    state.events.forEach(function (ev) { (perDay[ev.date] = perDay[ev.date] || []).push(ev); });
    var head = $('weekdays');
    clear(head);
    T('webapp-weekdays').split(',').forEach(function (d) { head.appendChild(h('th', { scope: 'col', text: d })); });
    var body = $('days');
    clear(body);
    // Days of the month in the civil calendar: no clock, no time zone involved.
    var first = new Date(Date.UTC(y, m - 1, 1));
    var days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    var lead = (first.getUTCDay() + 6) % 7;
    var row = h('tr');
    for (var i = 0; i < lead; i++) row.appendChild(h('td'));
    for (var d = 1; d <= days; d++) {
      var date = month + '-' + pad(d);
      var list = perDay[date] || [];
      var label = d + ' ' + (months[m - 1] || '') + (list.length ? ': ' + T('webapp-found') + ' ' + list.length : '');
      var button = h('button', {
        type: 'button', 'data-date': date, 'aria-label': label,
        class: (list.length ? 'has-events' : '') + (date === me.region.today ? ' today' : ''),
        'aria-pressed': state.day === date ? 'true' : 'false',
        onclick: (function (date) { return function () { chooseDay(date); }; })(date)
      }, h('span', { text: String(d) }), list.length ? h('span', { class: 'count', text: String(list.length) }) : null);
      row.appendChild(h('td', {}, button));
      if ((lead + d) % 7 === 0) { body.appendChild(row); row = h('tr'); }
    }
    if (row.childNodes.length) body.appendChild(row);
    renderDay(perDay);
  }

  function chooseDay(date) {
    state.day = state.day === date ? null : date;
    renderCalendar();
  }

  function renderDay(perDay) {
    var list = $('day-list');
    clear(list);
    var chosen = state.day && state.day.slice(0, 7) === state.month ? state.day : null;
    $('day-title').hidden = !chosen;
    if (!chosen) return;
    $('day-title').textContent = T('webapp-day-events') + ': ' + chosen.split('-').reverse().join('.');
    (perDay[chosen] || []).forEach(function (ev) { list.appendChild(card(ev)); });
  }

  function shiftMonth(by) {
    var y = +state.month.slice(0, 4), m = +state.month.slice(5, 7) - 1 + by;
    y += Math.floor(m / 12);
    m = ((m % 12) + 12) % 12;
    state.month = y + '-' + pad(m + 1);
    renderCalendar();
  }

  // ---- One event ---------------------------------------------------------------------------

  function openEvent(id) {
    api('events/' + encodeURIComponent(id))
      .then(function (r) { return r.json(); })
      .then(function (ev) { state.open = ev; renderEvent(); })
      .catch(showError);
  }

  function closeEvent() {
    state.open = null;
    $('event').hidden = true;
    $('main').hidden = false;
    postEvent('web_app_setup_back_button', { is_visible: false });
    load();
  }

  function renderEvent(note) {
    var ev = state.open;
    var box = $('event');
    clear(box);
    $('main').hidden = true;
    box.hidden = false;
    postEvent('web_app_setup_back_button', { is_visible: true });
    var dl = h('dl', {},
      h('dt', { text: T('webapp-when') }), h('dd', { text: ev.when + ' · ' + me.texts['webapp-time-note'] }),
      h('dt', { text: T('webapp-place') }),
      h('dd', {}, [ev.venue, ev.address, ev.district.name].filter(Boolean).join(', ') || T('webapp-online'),
        ev.online_url ? h('br') : null,
        ev.online_url ? h('a', { href: ev.online_url, target: '_blank', rel: 'noopener noreferrer', text: ev.online_url,
          onclick: function (e) { if (inTelegram) { e.preventDefault(); postEvent('web_app_open_link', { url: ev.online_url }); } } }) : null),
      ev.organizer ? h('dt', { text: T('webapp-organizer') }) : null,
      ev.organizer ? h('dd', { text: ev.organizer }) : null,
      ev.themes.length ? h('dt', { text: T('webapp-themes') }) : null,
      ev.themes.length ? h('dd', { text: ev.themes.map(function (t) { return t.name; }).join(', ') }) : null,
      h('dt', { text: T('webapp-going-count') }),
      h('dd', { id: 'going-count', text: String(ev.going_count) + (ev.capacity ? ' / ' + ev.capacity : '') }));
    var status = ev.status === 'cancelled' ? T('webapp-cancelled') : ev.status === 'moved' ? T('webapp-moved') : '';
    var buttons = h('div', { class: 'buttons' });
    if (ev.open) {
      buttons.appendChild(h('button', {
        type: 'button', id: 'rsvp', class: ev.going ? 'plain' : '',
        text: ev.going ? T('webapp-not-going') : T('webapp-going'),
        onclick: function () { rsvp(!ev.going); }
      }));
    } else {
      buttons.appendChild(h('p', { class: 'hint', text: T('webapp-closed') }));
    }
    buttons.appendChild(h('button', { type: 'button', id: 'ics', class: 'plain', text: T('webapp-calendar-add'), onclick: function () { calendarFile(ev); } }));
    buttons.appendChild(h('button', { type: 'button', id: 'share', class: 'plain', text: T('webapp-share'), onclick: function () { share(ev); } }));
    buttons.appendChild(h('button', { type: 'button', id: 'back', class: 'plain', text: T('webapp-back'), onclick: closeEvent }));
    box.appendChild(h('p', { class: 'hint', text: ev.kind }));
    box.appendChild(h('h2', { id: 'event-title', text: ev.title }));
    if (status) box.appendChild(h('p', { class: 'status', text: status }));
    box.appendChild(dl);
    if (ev.going) box.appendChild(h('p', { class: 'ok', id: 'going-note', text: T('webapp-going-yes') }));
    if (note) box.appendChild(h('p', { class: 'hint', id: 'note', role: 'status', text: note }));
    box.appendChild(buttons);
    box.focus && box.setAttribute('tabindex', '-1');
    window.scrollTo(0, 0);
  }

  function rsvp(going) {
    var button = $('rsvp');
    if (button) button.disabled = true;
    api('events/' + encodeURIComponent(state.open.id) + '/rsvp', { method: 'POST', body: JSON.stringify({ going: going }) })
      .then(function (r) { return r.json(); })
      .then(function (ev) {
        state.open = ev;
        renderEvent(going ? T('webapp-rsvp-sent') : '');
        postEvent('web_app_trigger_haptic_feedback', { type: 'notification', notification_type: 'success' });
      })
      .catch(function (e) {
        if (e instanceof ApiError && e.status === 409) {
          state.open.open = false;
          renderEvent(e.message);
        } else {
          if (button) button.disabled = false;
          showError(e);
        }
      });
  }

  /** The .ics file: Telegram's client downloads it by its short-lived link (the page's own
   *  download does not work in its webviews); a browser fetches it with initData and saves it. */
  function calendarFile(ev) {
    if (inTelegram) {
      postEvent('web_app_request_file_download', { url: new URL(ev.ics_url, location.href).href, file_name: 'event-' + ev.id + '.ics' });
      return;
    }
    api('events/' + encodeURIComponent(ev.id) + '.ics')
      .then(function (r) { return r.blob(); })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = h('a', { href: url, download: 'event-' + ev.id + '.ics' });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
      })
      .catch(showError);
  }

  function share(ev) {
    if (inTelegram) {
      postEvent('web_app_open_tg_link', {
        path_full: '/share/url?url=' + encodeURIComponent(ev.share_url) + '&text=' + encodeURIComponent(ev.title)
      });
      return;
    }
    var shown = function () { renderEvent(T('webapp-share-copied') + ' ' + ev.share_url); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(ev.share_url).then(shown, shown);
    } else {
      shown();
    }
  }

  // ---- Views and filters -------------------------------------------------------------------

  function setView(view) {
    state.view = view;
    ['list', 'map', 'calendar'].forEach(function (v) {
      $('view-' + v).hidden = v !== view;
      $('tab-' + v).setAttribute('aria-selected', v === view ? 'true' : 'false');
    });
    renderAll();
  }

  function renderAll() {
    renderList();
    renderMap();
    renderCalendar();
  }

  function near() {
    var note = $('near-note');
    note.hidden = false;
    if (!navigator.geolocation) { note.textContent = T('webapp-near-denied'); return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      state.here = { lat: p.coords.latitude, lon: p.coords.longitude };
      note.textContent = T('webapp-near-on');
      if (map) {
        if (you) you.remove();
        you = L.marker([state.here.lat, state.here.lon], { icon: L.divIcon({ className: 'you', iconSize: [16, 16] }), interactive: false }).addTo(map);
      }
      renderAll();
    }, function () { note.textContent = T('webapp-near-denied'); }, { timeout: 15000, maximumAge: 600000 });
  }

  function fillSelect(select, all, items, chosen) {
    clear(select);
    select.appendChild(h('option', { value: '', text: all }));
    items.forEach(function (it) { select.appendChild(h('option', { value: it.id, text: it.name, selected: it.id === chosen })); });
  }

  function setup() {
    document.documentElement.lang = me.lang;
    document.title = T('webapp-title');
    $('title').textContent = T('webapp-title');
    $('time-note').textContent = T('webapp-time-note');
    $('l-district').textContent = T('webapp-filter-district');
    $('l-theme').textContent = T('webapp-filter-theme');
    $('l-from').textContent = T('webapp-filter-from');
    $('l-to').textContent = T('webapp-filter-to');
    $('near').textContent = T('webapp-near-me');
    $('reset').textContent = T('webapp-filter-reset');
    $('tab-list').textContent = T('webapp-tab-list');
    $('tab-map').textContent = T('webapp-tab-map');
    $('tab-calendar').textContent = T('webapp-tab-calendar');
    $('map').setAttribute('aria-label', T('webapp-map-label'));
    $('prev-month').setAttribute('aria-label', T('webapp-prev-month'));
    $('next-month').setAttribute('aria-label', T('webapp-next-month'));
    var wanted = new URLSearchParams(location.search).get('district');
    fillSelect($('district'), T('webapp-all-districts'), me.districts, wanted);
    fillSelect($('theme'), T('webapp-all-themes'), me.themes, null);
    state.month = me.region.today.slice(0, 7);
    ['district', 'theme', 'from', 'to'].forEach(function (k) { $(k).addEventListener('change', load); });
    $('reset').addEventListener('click', function () {
      ['district', 'theme', 'from', 'to'].forEach(function (k) { $(k).value = ''; });
      state.here = null;
      $('near-note').hidden = true;
      load();
    });
    $('near').addEventListener('click', near);
    $('tab-list').addEventListener('click', function () { setView('list'); });
    $('tab-map').addEventListener('click', function () { setView('map'); });
    $('tab-calendar').addEventListener('click', function () { setView('calendar'); });
    $('prev-month').addEventListener('click', function () { shiftMonth(-1); });
    $('next-month').addEventListener('click', function () { shiftMonth(1); });
    $('retry').addEventListener('click', function () { hideError(); load(); });
    onTelegram('theme_changed', function (d) { applyTheme(d.theme_params); });
    onTelegram('back_button_pressed', function () { if (state.open) closeEvent(); });
    $('main').hidden = false;
  }

  applyTheme(launch.theme);
  postEvent('web_app_ready');
  postEvent('web_app_expand');
  api('me')
    .then(function (r) { return r.json(); })
    .then(function (body) { me = body; setup(); return load(); })
    .catch(showError);
})();
