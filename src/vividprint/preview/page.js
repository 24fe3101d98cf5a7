// The flatplan sheet and the live preview: one page drawn from the round's data (see sheet.py for its
// fields). Live, it is told by server-sent events when a round has finished, fetches the round's data and
// updates the elements in place, so the scroll position and an open spread survive the refresh.
"use strict";
(() => {
  const live = document.body.dataset.live === "true";
  const $ = (id) => document.getElementById(id);
  const RANK = ["error", "warning", "typesetting"];
  let view = JSON.parse($("preview-data").textContent);
  let shown = 0; // the edition on screen
  let openSpread = null; // the key of the spread in the large view
  let asked = 0; // the latest fetch of the round's data: an older answer that arrives late is dropped

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  // Children of `parent` for `items`, one per key: kept where they exist (updated), made where they do not,
  // removed when gone. Elements that stay keep their place in the document, and the reader theirs.
  function keyed(parent, items, keyOf, make, update) {
    const existing = new Map([...parent.children].filter((n) => n.dataset.key).map((n) => [n.dataset.key, n]));
    items.forEach((item, i) => {
      const key = keyOf(item);
      let node = existing.get(key);
      if (node) existing.delete(key);
      else {
        node = make(item);
        node.dataset.key = key;
      }
      update(node, item);
      if (parent.children[i] !== node) parent.insertBefore(node, parent.children[i] || null);
    });
    existing.forEach((node) => node.remove());
  }

  function edition() {
    return view.editions[Math.min(shown, view.editions.length - 1)] || { sheet: null, base: "", errors: [] };
  }

  function imageSrc(ed, page) {
    // The file keeps its name from round to round: the digest in the address is what makes it new.
    return ed.base + page.src + (live ? "?v=" + page.digest : "");
  }

  function findingsByPage(ed) {
    const byPage = new Map();
    const all = [...ed.errors, ...(ed.sheet ? ed.sheet.findings : [])];
    for (const finding of all) {
      if (!byPage.has(finding.page)) byPage.set(finding.page, []);
      byPage.get(finding.page).push(finding);
    }
    return byPage;
  }

  function spreadKey(sheet, spread) {
    return spread.map((i) => sheet.pages[i].label).join("|");
  }

  // A finding in a list: what is wrong first, then where (file and place) in grey.
  function item(finding, heading) {
    const where = finding.place ? `${finding.file}: ${finding.place}` : finding.file;
    return el("li", { class: finding.severity }, el("span", { class: `sev ${finding.severity}` }, heading), " ",
      finding.message, el("span", { class: "where" }, where));
  }

  function text(finding) {
    const where = finding.place ? `${finding.file}: ${finding.place}` : finding.file;
    return `${where}: ${finding.message}`;
  }

  function fillPage(node, ed, page, marks, large) {
    const sheet = ed.sheet;
    const slot = sheet.slots[page.slot];
    const first = slot.first === page.index;
    node.className = `page ${page.side}` + (page.changed ? " changed" : "");
    node.id = large ? "" : `page-${page.label}`;
    node.dataset.label = page.label;
    const frame = node.querySelector(".frame");
    frame.style.aspectRatio = `${page.width} / ${page.height}`;
    node.style.setProperty("--ratio", String(page.height / page.width));
    const img = frame.querySelector("img");
    const src = imageSrc(ed, page);
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    img.alt = `page ${page.label}`;
    img.dataset.digest = page.digest;
    frame.querySelectorAll(".region, .badge").forEach((n) => n.remove());
    for (const [x0, y0, x1, y1] of page.changed ? page.regions : []) {
      const box = el("div", { class: "region" });
      Object.assign(box.style, {
        left: `${x0 * 100}%`, top: `${y0 * 100}%`, width: `${(x1 - x0) * 100}%`, height: `${(y1 - y0) * 100}%`,
      });
      frame.append(box);
    }
    const found = marks.get(page.label) || [];
    if (found.length) {
      const worst = RANK.find((kind) => found.some((f) => f.severity === kind));
      frame.append(el("span", { class: `badge ${worst}`, title: found.map(text).join("\n") }, String(found.length)));
    }
    const caption = node.querySelector("figcaption");
    caption.replaceChildren(
      el("span", { class: "label" }, page.label),
      ...(page.changed ? [el("span", { class: "tag" }, "changed")] : []),
      el("span", { class: "slot" + (first ? " first" : "") }, slot.name),
    );
    caption.title = `${slot.name} — ${slot.key}` + (slot.template ? `, template ${slot.template}` : "") + `, ${slot.source}`;
  }

  function makePage() {
    return el("figure", {}, el("div", { class: "frame" }, el("img", { alt: "" })), el("figcaption"));
  }

  function renderSpreads(ed, marks) {
    const sheet = ed.sheet;
    const spreads = sheet ? sheet.spreads : [];
    keyed(
      $("spreads"),
      spreads,
      (spread) => spreadKey(sheet, spread),
      () => el("div", { class: "spread", onclick: (event) => show(event.currentTarget.dataset.key) }),
      (node, spread) => keyed(node, spread.map((i) => sheet.pages[i]), (p) => p.label, makePage,
        (pageNode, page) => fillPage(pageNode, ed, page, marks, false)),
    );
  }

  function renderFindings(ed, marks) {
    const aside = $("findings");
    const sheet = ed.sheet;
    const count = [...marks.values()].reduce((n, list) => n + list.length, 0);
    const parts = [el("h2", {}, count ? `${count} finding${count === 1 ? "" : "s"}` : "no findings")];
    const labels = [...marks.keys()].sort((a, b) => order(sheet, a) - order(sheet, b));
    for (const label of labels) {
      const heading = label ? el("a", { href: `#page-${label}`, onclick: (e) => { e.preventDefault(); goTo(label); } },
        /^\d+$/.test(label) ? `page ${label}` : label) : "the issue";
      parts.push(el("h3", {}, heading));
      parts.push(el("ul", {}, ...marks.get(label).map((f) => item(f, f.severity))));
    }
    if (sheet && sheet.summary) parts.push(el("p", { class: "summary" }, sheet.summary));
    aside.replaceChildren(...parts);
  }

  function order(sheet, label) {
    if (!label) return -1;
    const page = sheet ? sheet.pages.find((p) => p.label === label) : null;
    return page ? page.index : 1e6;
  }

  function renderErrors(ed) {
    const box = $("errors");
    $("sheet").classList.toggle("failed", ed.errors.length > 0);
    if (!ed.errors.length) {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    const what = ed.sheet ? "the last good pages are shown below" : "no round has built yet";
    box.replaceChildren(
      el("h2", {}, `The last round failed with ${ed.errors.length} error${ed.errors.length === 1 ? "" : "s"}: ${what}`),
      el("ul", {}, ...ed.errors.map((f) => el("li", {}, f.page
        ? el("a", { href: `#page-${f.page}`, onclick: (e) => { e.preventDefault(); goTo(f.page); } }, text(f))
        : text(f)))),
    );
    box.hidden = false;
  }

  function renderBar() {
    const ed = edition();
    document.title = ed.sheet ? ed.sheet.title : "vividprint preview";
    $("title").textContent = ed.sheet ? ed.sheet.title : "vividprint preview";
    const tabs = view.editions.length > 1 ? view.editions : [];
    keyed($("editions"), tabs, (e) => String(view.editions.indexOf(e)),
      (e) => el("button", { type: "button", onclick: (event) => { shown = Number(event.currentTarget.dataset.key); render(); } }),
      (node, e) => {
        node.textContent = e.sheet && e.sheet.edition ? e.sheet.edition : e.edition || "edition";
        node.classList.toggle("active", Number(node.dataset.key) === shown);
        node.classList.toggle("failed", e.errors.length > 0);
      });
    const state = live ? view.state : "";
    document.body.dataset.state = state;
    const changed = ed.sheet ? ed.sheet.pages.filter((p) => p.changed).length : 0;
    const others = view.editions.filter((e) => e !== ed && e.errors.length).map((e) => e.edition);
    const said = {
      building: "rebuilding…",
      failed: ed.errors.length ? "the last round failed" : `round ${view.round}; failed: edition ${others.join(", ")}`,
      ready: `round ${view.round}` + (changed ? `: ${changed} page${changed === 1 ? "" : "s"} changed` : ""),
    };
    $("status").textContent = live ? said[state] || "waiting for the first round…" : ed.sheet ? ed.sheet.pdf : "";
  }

  function render() {
    const ed = edition();
    const marks = findingsByPage(ed);
    renderBar();
    renderErrors(ed);
    renderSpreads(ed, marks);
    renderFindings(ed, marks);
    renderViewer(ed, marks);
    document.body.dataset.round = String(view.round);
  }

  // The large view of one spread, named in the address (#spread=2|3) so that a reload opens it again.
  function show(key) {
    openSpread = key;
    history.replaceState(null, "", key ? `#spread=${encodeURIComponent(key)}` : location.pathname + location.search);
    renderViewer(edition(), findingsByPage(edition()));
  }

  function goTo(label) {
    const ed = edition();
    if (!ed.sheet) return;
    const page = ed.sheet.pages.find((p) => p.label === label);
    const spread = page && ed.sheet.spreads.find((s) => s.includes(page.index));
    if (spread) show(spreadKey(ed.sheet, spread));
  }

  function renderViewer(ed, marks) {
    const viewer = $("viewer");
    const sheet = ed.sheet;
    const keys = sheet ? sheet.spreads.map((s) => spreadKey(sheet, s)) : [];
    if (openSpread && !keys.includes(openSpread) && sheet) {
      // The spread is gone (pages moved): open the one that now holds its first page.
      const label = openSpread.split("|")[0];
      const page = sheet.pages.find((p) => p.label === label);
      const spread = page && sheet.spreads.find((s) => s.includes(page.index));
      openSpread = spread ? spreadKey(sheet, spread) : null;
    }
    viewer.hidden = !openSpread || !sheet;
    if (viewer.hidden) return;
    const at = keys.indexOf(openSpread);
    const pages = sheet.spreads[at].map((i) => sheet.pages[i]);
    $("viewer-title").textContent = pages.map((p) => `${p.label} ${sheet.slots[p.slot].name}`).join("  ·  ");
    $("viewer-prev").disabled = at <= 0;
    $("viewer-next").disabled = at >= keys.length - 1;
    $("viewer-prev").onclick = () => show(keys[at - 1]);
    $("viewer-next").onclick = () => show(keys[at + 1]);
    keyed($("viewer-pages"), pages, (p) => p.label, makePage, (node, page) => fillPage(node, ed, page, marks, true));
    const found = pages.flatMap((p) => (marks.get(p.label) || []).map((f) => [p.label, f]));
    $("viewer-findings").replaceChildren(...found.map(([label, f]) => item(f, `${label} ${f.severity}`)));
  }

  $("viewer-close").onclick = () => show(null);
  document.addEventListener("keydown", (event) => {
    if (!openSpread) return;
    if (event.key === "Escape") show(null);
    else if (event.key === "ArrowLeft") $("viewer-prev").click();
    else if (event.key === "ArrowRight") $("viewer-next").click();
  });

  function fromAddress() {
    const found = /^#spread=(.+)$/.exec(location.hash);
    openSpread = found ? decodeURIComponent(found[1]) : null;
  }

  async function refresh() {
    const mine = ++asked;
    const answer = await fetch("round.json", { cache: "no-store" });
    const data = await answer.json();
    if (mine !== asked) return;
    view = data;
    render();
  }

  fromAddress();
  render();
  if (live) {
    const events = new EventSource("events");
    events.addEventListener("update", (event) => {
      const said = JSON.parse(event.data);
      if (said.round !== view.round) refresh();
      else {
        view.state = said.state;
        renderBar();
      }
    });
    // After a lost connection (the server was busy or restarted) the round may have moved on meanwhile.
    events.addEventListener("open", () => refresh());
  }
})();
