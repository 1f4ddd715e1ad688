// Tiny DOM helpers. Every piece of data is inserted as text, never as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export function markingBadges(m) {
  const out = [h("span", { class: "marking", title: "distribution" },
    m.distribution + (m.partners && m.partners.length ? ": " + m.partners.join(", ") : "") +
    (m.group ? ": " + m.group : ""))];
  if (m.discoverable) out.push(h("span", { class: "marking" }, "discoverable"));
  for (const code of m.handling || []) out.push(h("span", { class: "marking " + code, title: "handling code" }, code));
  if (m.classification && m.classification !== "unclassified") out.push(h("span", { class: "marking" }, m.classification));
  return out;
}

export function bidi(text) {
  // Right-to-left names (Arabic, Hebrew, Persian) render in their own direction.
  return h("bdi", { dir: "auto" }, text);
}

export function errorBox(err) {
  return h("p", { class: "error", role: "alert" }, err.message || String(err));
}
