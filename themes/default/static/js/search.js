/* Site search in the browser, on the /search/ page: reads the static index written by `oit build`
   (generator/search_index.h describes its files) and lists ranked results with a highlighted excerpt.
   No framework, no server, nothing from another host. The normalisation, the bigrams and the shard hash
   below must stay in step with generator/search_index.cpp. */
(function () {
  'use strict';
  var root = document.querySelector('[data-search-base]');
  var form = document.getElementById('search-form');
  if (!root || !form || !window.fetch || !window.TextEncoder) return;
  var base = root.getAttribute('data-search-base');
  var input = form.querySelector('input[name="q"]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var thaiDigits = root.hasAttribute('data-thai-digits');
  var pageTitle = document.title;
  var PAGE = 10;            // results shown at a time
  var K1 = 1.2, B = 0.75;   // BM25
  var GRAM_FACTOR = 0.5;    // a word found only through its grams counts half an exact word
  var TITLE_CHUNK = 3;      // bonus for each part of the query (as typed between spaces) found in the title
  var TITLE_COVER = 3;      // bonus for a title made mostly of the query's words
  var PHRASE = 1.5;         // bonus for a chunk of several words found as typed (twice that in the title)

  /* ---------- text: the same normalisation as search_normalize ---------- */

  var ZERO_WIDTH = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/;
  var SPACE = /[\s\u0085]/;
  var LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

  function normChar(c) {
    if (ZERO_WIDTH.test(c)) return '';
    var cp = c.codePointAt(0);
    if (cp >= 0x0E50 && cp <= 0x0E59) return String.fromCharCode(48 + cp - 0x0E50);
    if (SPACE.test(c)) return ' ';
    var l = c.toLowerCase();
    return Array.from(l).length === 1 ? l : c;  // simple case mapping only, like ICU u_tolower
  }

  // The normalised form of s (already NFC) and, for each UTF-16 unit of it, the offset in s it comes from.
  function mapText(s) {
    var out = '', from = [], pos = 0, chars = Array.from(s);
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], n, used = c.length;
      if (c === '\u0E4D' && chars[i + 1] === '\u0E32') { n = '\u0E33'; used = 2; i++; }  // ํ + า → ำ
      else n = normChar(c);
      for (var k = 0; k < n.length; k++) from.push(pos);
      out += n;
      pos += used;
    }
    from.push(pos);
    return { text: out, from: from };
  }

  function norm(s) { return mapText(s.normalize('NFC')).text; }

  // 0: separator, 1: Thai, 2: other letters and digits (gram_class in search_index.cpp).
  function gramClass(c) {
    var cp = c.codePointAt(0);
    if ((cp >= 0x0E01 && cp <= 0x0E3A) || (cp >= 0x0E40 && cp <= 0x0E4E && cp !== 0x0E46)) return 1;
    if (cp >= 0x0E00 && cp <= 0x0E7F) return 0;
    return LETTER_OR_DIGIT.test(c) ? 2 : 0;
  }

  // The grams a query string must find on a page: the trigrams of each run, or the bigram of a run of two.
  // (The index holds both bigrams and trigrams of every run.)
  function grams(s) {
    var out = [], run = [], cls = 0;
    var flush = function () {
      if (run.length === 2) out.push(run.join(''));
      for (var i = 2; i < run.length; i++) out.push(run[i - 2] + run[i - 1] + run[i]);
      run = [];
    };
    for (var c of s) {
      var k = gramClass(c);
      if (k !== cls) flush();
      cls = k;
      if (k) run.push(c);
    }
    flush();
    return out;
  }

  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter('th', { granularity: 'word' }) : null;
  function words(s) {
    if (!segmenter) return s.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);  // bigrams still match Thai
    var out = [];
    for (var seg of segmenter.segment(s)) if (seg.isWordLike) out.push(seg.segment);
    return out;
  }

  function unique(a) { return a.filter(function (x, i) { return a.indexOf(x) === i; }); }
  function length(s) { return Array.from(s).length; }

  // A query: chunks split at spaces (all must match); each chunk has its words (Intl.Segmenter) and
  // bigrams. A word is required when it has bigrams or is the chunk's only word.
  function parse(q) {
    var chunks = [];
    norm(q).split(' ').forEach(function (text) {
      var ws = unique(words(text)), gs = unique(grams(text));
      if (!ws.length && !gs.length) return;
      chunks.push({
        text: text,
        grams: gs,
        words: ws.map(function (w) {
          var wg = unique(grams(w));
          return { text: w, grams: wg, required: wg.length > 0 || ws.length === 1 };
        })
      });
    });
    return chunks;
  }

  /* ---------- index files ---------- */

  var meta = null, shards = {}, docShards = {}, decoded = {};
  var encoder = new TextEncoder();

  function getJSON(path) {
    return fetch(base + path, { cache: path === 'index.json' ? 'no-cache' : 'default' }).then(function (r) {
      if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
      return r.json();
    });
  }

  function loadMeta() {
    if (!meta) meta = getJSON('index.json');
    return meta;
  }

  function fnv1a32(s) {
    var h = 0x811c9dc5, bytes = encoder.encode(s);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
    return h;
  }

  // Map doc id → posting value of a word ("w") or bigram ("g"); empty when the term is not indexed.
  function postings(m, kind, term) {
    var k = fnv1a32(term) & (m.term_shards - 1);
    if (!shards[k]) shards[k] = getJSON('t/' + k + '.json?v=' + m.id);
    return shards[k].then(function (t) {
      var key = kind + ':' + term;
      if (decoded[key]) return decoded[key];
      var p = Object.prototype.hasOwnProperty.call(t[kind], term) ? t[kind][term] : '';
      return (decoded[key] = decodePostings(p));
    });
  }

  // The postings string of search_index.h: sparse (varint doc delta, value digit)… or "~" + a digit per doc.
  var DIGIT = {};
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach(function (c, i) { DIGIT[c] = i; });
  function decodePostings(p) {
    var map = new Map(), i, v;
    if (p[0] === '~') {
      for (i = 1; i < p.length; i++) if ((v = DIGIT[p[i]])) map.set(i - 1, v);
      return map;
    }
    for (var doc = 0, at = 0; at < p.length;) {
      var delta = 0, shift = 1, c;
      do { c = DIGIT[p[at++]]; delta += (c & 31) * shift; shift *= 32; } while (c & 32);
      doc += delta;
      map.set(doc, DIGIT[p[at++]]);
    }
    return map;
  }

  function loadDoc(m, id) {
    var k = Math.floor(id / m.docs_per_shard);
    if (!docShards[k]) docShards[k] = getJSON('d/' + k + '.json?v=' + m.id);
    return docShards[k].then(function (a) { return a[id - k * m.docs_per_shard]; });
  }

  /* ---------- matching and ranking ---------- */

  // BM25 of one posting, plus a bonus when the term is in the title (bit 1) or a heading/summary (bit 2).
  function score(m, value, df, doc) {
    var tf = value >> 2;
    var idf = Math.log(1 + (m.docs - df + 0.5) / (df + 0.5));
    var norm = 1 - B + B * (m.lengths[doc] || 0) / (m.avg_len || 1);
    var bonus = value & 1 ? 2 : value & 2 ? 0.7 : 0;
    return idf * (tf * (K1 + 1) / (tf + K1 * norm) + bonus);
  }

  // Docs that have every bigram of the list: Map doc → {score (mean over the bigrams), title (all in title)}.
  function allGrams(m, maps) {
    var out = new Map();
    if (!maps.length) return out;
    var smallest = maps.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    smallest.forEach(function (_, doc) {
      var sum = 0, title = true;
      for (var i = 0; i < maps.length; i++) {
        var v = maps[i].get(doc);
        if (v === undefined) return;
        sum += score(m, v, maps[i].size, doc);
        title = title && (v & 1) === 1;
      }
      out.set(doc, { score: sum / maps.length, title: title });
    });
    return out;
  }

  // Map doc → score of the docs matching one chunk.
  function matchChunk(m, c, get) {
    var chunkGrams = c.grams.length ? allGrams(m, c.grams.map(function (g) { return get('g', g); })) : null;
    var perWord = c.words.map(function (w) {
      return { w: w, exact: get('w', w.text),
               grams: w.grams.length ? allGrams(m, w.grams.map(function (g) { return get('g', g); })) : new Map() };
    });
    var whole = c.words.length > 1 ? get('w', c.text) : new Map();  // ICU may keep the chunk as one word
    // Candidates: pages with the typed string, and pages with the first required word as a word.
    var req = perWord.filter(function (p) { return p.w.required; });
    var candidates = new Set(chunkGrams ? chunkGrams.keys() : []);
    if (req.length) req[0].exact.forEach(function (_, doc) { candidates.add(doc); });
    var out = new Map();
    candidates.forEach(function (doc) {
      var total = 0, inTitle = 0, allInTitle = true, allExact = true;
      var contiguous = chunkGrams && chunkGrams.get(doc);
      for (var i = 0; i < perWord.length; i++) {
        var p = perWord[i], v = p.exact.get(doc), g = p.grams.get(doc), t = false;
        if (v !== undefined) total += score(m, v, p.exact.size, doc), t = (v & 1) === 1;
        else if (g) total += GRAM_FACTOR * g.score, t = g.title, allExact = allExact && !p.w.required;
        else if (p.w.required) return;
        inTitle += t ? 1 : 0;
        allInTitle = allInTitle && (t || !p.w.required);
      }
      // The typed string itself, or all its words as dictionary words anywhere on the page.
      if (!contiguous && !allExact) return;
      if (contiguous && c.words.length > 1) total += PHRASE * (contiguous.title ? 2 : 1);
      var wv = whole.get(doc);
      if (wv !== undefined) total += score(m, wv, whole.size, doc);
      out.set(doc, { score: total, titleWords: inTitle, inTitle: allInTitle || (contiguous && contiguous.title) });
    });
    return out;
  }

  // Ranked doc ids for a query: every chunk must match (AND), scores add up.
  function search(q) {
    return loadMeta().then(function (m) {
      var chunks = parse(q);
      var terms = [];
      chunks.forEach(function (c) {
        c.grams.forEach(function (g) { terms.push(['g', g]); });
        terms.push(['w', c.text]);
        c.words.forEach(function (w) {
          terms.push(['w', w.text]);
          w.grams.forEach(function (g) { terms.push(['g', g]); });
        });
      });
      return Promise.all(terms.map(function (t) { return postings(m, t[0], t[1]); })).then(function (maps) {
        var got = {};
        terms.forEach(function (t, i) { got[t[0] + ':' + t[1]] = maps[i]; });
        var get = function (kind, term) { return got[kind + ':' + term]; };
        var total = null;
        chunks.forEach(function (c) {
          var s = matchChunk(m, c, get);
          var next = new Map();
          s.forEach(function (r, doc) {
            var before = total ? total.get(doc) : { score: 0, titleWords: 0, inTitle: 0 };
            if (before) next.set(doc, { score: before.score + r.score, titleWords: before.titleWords + r.titleWords,
                                        inTitle: before.inTitle + (r.inTitle ? 1 : 0) });
          });
          total = next;
        });
        // Title signals: each part of the query found in the title, and a short title that is mostly the
        // query (what the page is about).
        var ranked = [];
        if (total) total.forEach(function (r, doc) {
          var titleWords = m.title_lengths ? m.title_lengths[doc] : 0;
          ranked.push([doc, r.score + TITLE_CHUNK * r.inTitle +
                            (titleWords ? TITLE_COVER * Math.min(1, r.titleWords / titleWords) : 0)]);
        });
        ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { meta: m, chunks: chunks, ids: ranked.map(function (r) { return r[0]; }) };
      });
    });
  }

  /* ---------- excerpts ---------- */

  // What to mark: each chunk wherever it occurs; where a chunk does not occur as typed, its words where
  // they are whole words of the text (so การ is marked in "การทุจริต" but not inside "บริการ").
  function marksOf(chunks) {
    return chunks.map(function (c) {
      var words = new Set();
      c.words.forEach(function (w) { if (length(w.text) > 1 || c.words.length === 1) words.add(w.text); });
      return { text: c.text, words: words };
    });
  }

  // Sorted, non-overlapping [start, end, isChunk] offsets in `text` of the matches; touching word
  // matches are merged (จัด|ซื้อ|จัด|จ้าง is one mark).
  function matchRanges(text, marks) {
    var m = mapText(text), ranges = [], words = new Set(), segs = null;
    marks.forEach(function (mk) {
      var found = false;
      for (var at = m.text.indexOf(mk.text); at >= 0; at = m.text.indexOf(mk.text, at + mk.text.length)) {
        ranges.push([m.from[at], m.from[at + mk.text.length], true]);
        found = true;
      }
      if (!found) mk.words.forEach(function (w) { words.add(w); });
    });
    if (words.size && segmenter) {
      segs = segmenter.segment(text);
      for (var seg of segs)
        if (seg.isWordLike && words.has(norm(seg.segment))) ranges.push([seg.index, seg.index + seg.segment.length, false]);
    }
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = [];
    ranges.forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] < last[1]) return;  // inside a longer match
      if (last && r[0] === last[1] && !r[2] && !last[2]) last[1] = r[1];
      else out.push(r.slice());
    });
    return out;
  }

  // Appends `text` to `el` with the matches inside <mark> (text nodes only: nothing is parsed as HTML).
  function appendMarked(el, text, marks) {
    var pos = 0;
    matchRanges(text, marks).forEach(function (r) {
      el.appendChild(document.createTextNode(text.slice(pos, r[0])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      pos = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
  }

  // About 200 characters of `text` around the first match (of a whole chunk when there is one), cut at
  // word boundaries; null when nothing matches in the text.
  function excerptAround(text, marks) {
    var ranges = matchRanges(text, marks);
    var first = ranges.filter(function (r) { return r[2]; })[0] || ranges[0];
    if (!first) return null;
    var hit = first[0], start = Math.max(0, hit - 70), end = Math.min(text.length, start + 220);
    var part = text.slice(start, end);
    if (segmenter && (start > 0 || end < text.length)) {
      var segs = Array.from(segmenter.segment(part));
      if (start > 0 && segs.length > 1 && start + segs[0].segment.length <= hit) part = part.slice(segs[0].segment.length);
      if (end < text.length && segs.length > 2) part = part.slice(0, part.length - segs[segs.length - 1].segment.length);
    }
    return (start > 0 ? '… ' : '') + part.trim() + (end < text.length ? ' …' : '');
  }

  /* ---------- the page ---------- */

  function digits(n) {
    var s = String(n);
    return thaiDigits ? s.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0E50 + +d); }) : s;
  }

  function say(text) { status.textContent = text; }

  function resultItem(d, marks) {
    var li = document.createElement('li');
    li.className = 'search-result';
    var h = document.createElement('h2');
    h.className = 'search-result-title';
    var a = document.createElement('a');
    a.href = d[0];
    appendMarked(a, d[1], marks);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement('p');
    info.className = 'search-result-url';
    d[3].forEach(function (id) {
      var b = document.createElement('span');
      b.className = 'search-result-item';
      appendMarked(b, id, marks);
      info.appendChild(b);
      info.appendChild(document.createTextNode(' '));
    });
    var url = d[0];
    try { url = decodeURI(url); } catch (e) { /* shown as written */ }
    info.appendChild(document.createTextNode(url));
    li.appendChild(info);
    var text = excerptAround(d[4], marks);
    if (!text) text = d[2] || (d[4].length > 200 ? d[4].slice(0, 200) + ' …' : d[4]);
    if (text) {
      var p = document.createElement('p');
      p.className = 'search-result-excerpt';
      appendMarked(p, text, marks);
      li.appendChild(p);
    }
    return li;
  }

  var current = 0;   // the latest search; older answers are dropped
  var shown = 0, result = null;

  function showMore(focusFirst) {
    var ids = result.ids.slice(shown, shown + PAGE), marks = marksOf(result.chunks), run = current;
    return Promise.all(ids.map(function (id) { return loadDoc(result.meta, id); })).then(function (docs) {
      if (run !== current) return;
      var firstNew = null;
      docs.forEach(function (d) {
        if (!d) return;
        var li = resultItem(d, marks);
        firstNew = firstNew || li;
        list.appendChild(li);
      });
      shown += ids.length;
      more.hidden = shown >= result.ids.length;
      if (focusFirst && firstNew) firstNew.querySelector('a').focus();
    });
  }

  function run(q) {
    var id = ++current;
    list.textContent = '';
    more.hidden = true;
    shown = 0;
    q = q.trim();
    document.title = q ? '“' + q + '” – ' + pageTitle : pageTitle;
    if (!q) { say(''); return Promise.resolve(); }
    say('กำลังค้นหา…');
    return search(q).then(function (r) {
      if (id !== current) return;
      result = r;
      if (!r.ids.length) {
        say('ไม่พบหน้าที่ตรงกับ “' + q + '” ลองใช้คำอื่นหรือคำที่สั้นลง');
        return;
      }
      return showMore(false).then(function () {
        if (id === current) say('พบ ' + digits(r.ids.length) + ' รายการ สำหรับ “' + q + '”');
      });
    }).catch(function () {
      if (id === current) say('โหลดดัชนีการค้นหาไม่สำเร็จ โปรดลองอีกครั้ง หรือใช้แผนผังเว็บไซต์');
    });
  }

  function queryOfUrl() { return new URLSearchParams(window.location.search).get('q') || ''; }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var q = input.value;
    var url = new URL(window.location.href);
    url.searchParams.set('q', q.trim());
    if (url.href !== window.location.href) window.history.pushState(null, '', url);
    run(q);
  });
  more.addEventListener('click', function () { showMore(true); });
  window.addEventListener('popstate', function () { input.value = queryOfUrl(); run(input.value); });

  input.value = queryOfUrl();
  if (input.value) run(input.value);
})();
