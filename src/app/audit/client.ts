/**
 * The page's one inline script (allowed by its hash in the page's CSP).
 * Plain ES2017 in a string, so that what runs in the browser is exactly what
 * is hashed. It never writes HTML: everything shown from the data goes in
 * through textContent. Its words come with the data (`text`: the page
 * language's ClientMessages, messages.ts), so one script serves every
 * language.
 */
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('audit-data').textContent);
  var cells = data.cells, findings = data.findings, text = data.text, allKeys = Object.keys(cells);
  var detail = document.getElementById('detail');

  function keysOf(list) {
    var out = [];
    list.forEach(function (c) {
      allKeys.forEach(function (k) {
        if ((k === c || k.indexOf(c + '.') === 0) && out.indexOf(k) < 0) out.push(k);
      });
    });
    return out;
  }
  function elementsOf(key) {
    var q = CSS.escape(key);
    return Array.prototype.slice.call(document.querySelectorAll('[data-key="' + q + '"], [data-keys~="' + q + '"]'));
  }
  function clear(cls) {
    Array.prototype.forEach.call(document.querySelectorAll('.' + cls), function (e) { e.classList.remove(cls); });
  }
  function mark(keys, cls) {
    keys.forEach(function (k) { elementsOf(k).forEach(function (e) { e.classList.add(cls); }); });
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(dl, name, value) {
    dl.appendChild(el('dt', name));
    dl.appendChild(el('dd', value));
  }
  function showCell(key) {
    var c = cells[key];
    detail.textContent = '';
    if (!c) return;
    detail.appendChild(el('h3', c.labels));
    detail.appendChild(el('p', key, 'key'));
    var dl = el('dl');
    row(dl, text.value, c.value === null ? (c.status === 'missing' ? text.missingValue : text.blankValue) : c.value);
    row(dl, text.status, c.statusLabel);
    row(dl, text.raw, c.raw === null ? text.noRaw : '\u201c' + c.raw + '\u201d');
    row(dl, text.confidence, c.confidence);
    row(dl, text.method, c.method === null ? null : text.methods[c.method] || c.method);
    row(dl, text.repairs, c.repairs.length ? c.repairs.join(', ') : text.noRepairs);
    row(dl, text.where, c.where);
    detail.appendChild(dl);
    var h = el('h4', c.findings.length ? text.findingsNaming : text.noFindingNames);
    detail.appendChild(h);
    var ul = el('ul', null, 'cell-findings');
    c.findings.forEach(function (i) {
      var f = findings[i];
      var li = el('li', null, 'sev-' + f.severity);
      li.appendChild(el('code', f.code));
      li.appendChild(document.createTextNode(' ' + f.message));
      li.setAttribute('data-finding', String(i));
      ul.appendChild(li);
    });
    detail.appendChild(ul);
  }
  function showMany(title, keys) {
    detail.textContent = '';
    detail.appendChild(el('h3', title));
    detail.appendChild(el('p', text.cellsHighlighted.replace('{n}', String(keys.length))));
  }
  function reveal(keys) {
    ['#source', '#record-body'].forEach(function (side) {
      var found = null;
      for (var i = 0; i < keys.length && !found; i++) {
        found = elementsOf(keys[i]).filter(function (e) { return e.closest(side); })[0] || null;
      }
      if (found) found.scrollIntoView({ block: 'center', inline: 'nearest' });
    });
  }
  function select(keys, title) {
    clear('sel');
    mark(keys, 'sel');
    if (keys.length === 1) showCell(keys[0]); else showMany(title, keys);
    reveal(keys);
  }
  function keyOf(t) {
    var e = t.closest('[data-key], [data-keys]');
    if (!e) return null;
    return e.getAttribute('data-key') || (e.getAttribute('data-keys') || '').split(' ')[0] || null;
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var list = t.closest('[data-cells]');
    if (list) {
      select(keysOf(list.getAttribute('data-cells').split(' ')), list.getAttribute('data-title') || '');
      return;
    }
    var k = keyOf(t);
    if (k) select([k]);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target instanceof Element && ev.target.hasAttribute('tabindex')) ev.target.click();
  });
  document.addEventListener('mouseover', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    clear('hov');
    var k = keyOf(t);
    if (k) mark([k], 'hov');
  });
  document.documentElement.setAttribute('data-ready', '1');
})();`;
