import { api } from "./api.js";
import { h, svg } from "./dom.js";

// Interactive network of the visible neighbourhood: expand nodes, filter relationship types,
// highlight ties between terrorist and organised-crime groups, shortest path between two nodes.
const W = 1100, H = 560;

function kind(node) {
  const topics = (node.properties && node.properties.topics) || [];
  if (topics.some((t) => t.includes("terror"))) return "terror";
  if (topics.some((t) => t.startsWith("crime"))) return "crime";
  return node.schema === "Person" ? "person" : "other";
}
const COLORS = { crime: "#6d28d9", terror: "#b91c1c", person: "#1d4ed8", other: "#475569" };

export async function networkView(main, rootId) {
  const nodes = new Map(), edges = new Map();
  const merge = (g) => {
    for (const n of g.nodes) if (!nodes.has(n.id)) nodes.set(n.id, { ...n, x: W / 2 + (Math.random() - .5) * 300, y: H / 2 + (Math.random() - .5) * 200 });
    for (const e of g.edges) edges.set(e.id, e);
  };
  merge(await api(`/v1/entities/${rootId}/neighbours`, { params: { depth: 2 } }));
  const hidden = new Set();
  let path = new Set();
  let initialised = false;
  const filters = h("div", { class: "filters", role: "group", "aria-label": "Relationship types" });
  const from = h("select", { id: "path-from", "aria-label": "Path from" });
  const to = h("select", { id: "path-to", "aria-label": "Path to" });
  const status = h("p", { role: "status", class: "muted" });
  const canvas = svg("svg", { class: "graph", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Network graph" });
  const list = h("ul", { class: "muted", id: "node-list" });

  function refreshControls() {
    const types = [...new Set([...edges.values()].map((e) => e.schema + ":" + e.label).map((x) => x.split(":")[0]))].sort();
    filters.replaceChildren(...types.map((t) => h("label", {}, h("input", { type: "checkbox", checked: !hidden.has(t), onchange: (ev) => {
      if (ev.target.checked) hidden.delete(t); else hidden.add(t); draw(); } }), " " + t)));
    const opts = [...nodes.values()].sort((a, b) => a.caption.localeCompare(b.caption)).map((n) => [n.id, n.caption]);
    for (const sel of [from, to]) {
      const cur = sel.value;
      sel.replaceChildren(...opts.map(([id, c]) => h("option", { value: id }, c)));
      if (cur) sel.value = cur;
    }
    if (!initialised) { from.value = rootId; to.value = opts.length > 1 ? opts.find(([id]) => id !== rootId)[0] : rootId; initialised = true; }
    list.replaceChildren(...[...nodes.values()].map((n) => h("li", {},
      h("a", { href: `#/entity/${n.id}` }, n.caption), ` (${n.schema}) `,
      h("button", { type: "button", class: "secondary", "data-expand": n.id, onclick: () => expand(n.id) }, "Expand"))));
  }

  async function expand(id) {
    merge(await api(`/v1/entities/${id}/neighbours`, { params: { depth: 1 } }));
    status.textContent = `Expanded; ${nodes.size} nodes, ${edges.size} ties.`;
    refreshControls(); layout(); draw();
  }

  function visibleEdges() { return [...edges.values()].filter((e) => !hidden.has(e.schema) && nodes.has(e.source) && nodes.has(e.target)); }

  function layout() {
    const ns = [...nodes.values()], es = visibleEdges();
    for (let it = 0; it < 250; it++) {
      for (const a of ns) for (const b of ns) {
        if (a === b) continue;
        const dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01, f = 1800 / d2;
        a.x += dx * f * 0.05; a.y += dy * f * 0.05;
      }
      for (const e of es) {
        const a = nodes.get(e.source), b = nodes.get(e.target);
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = (d - 140) * 0.02;
        a.x += dx / d * f; a.y += dy / d * f; b.x -= dx / d * f; b.y -= dy / d * f;
      }
      for (const n of ns) { n.x += (W / 2 - n.x) * 0.01; n.y += (H / 2 - n.y) * 0.01;
        n.x = Math.max(20, Math.min(W - 20, n.x)); n.y = Math.max(20, Math.min(H - 20, n.y)); }
    }
  }

  function draw() {
    canvas.replaceChildren();
    for (const e of visibleEdges()) {
      const a = nodes.get(e.source), b = nodes.get(e.target);
      const ka = kind(a), kb = kind(b);
      const tie = (ka === "terror" && kb === "crime") || (ka === "crime" && kb === "terror") ||
        (e.schema !== "Membership" && [ka, kb].includes("crime") && [ka, kb].includes("person"));
      const onPath = path.has(e.source) && path.has(e.target);
      canvas.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: onPath ? "path" : tie ? "tie" : "", "data-edge": e.id },
        svg("title", {}, `${e.schema}: ${e.label}`)));
    }
    for (const n of nodes.values()) {
      const g = svg("g", { tabindex: 0, role: "button", "aria-label": `${n.caption}, ${n.schema}. Press Enter to expand.`, "data-node": n.id,
        onclick: () => expand(n.id), onkeydown: (ev) => { if (ev.key === "Enter") expand(n.id); } },
        svg("circle", { cx: n.x, cy: n.y, r: n.id === rootId ? 11 : 8, fill: COLORS[kind(n)] }),
        svg("text", { x: n.x + 11, y: n.y + 4 }, n.caption));
      canvas.append(g);
    }
  }

  function shortestPath() {
    const adj = new Map();
    for (const e of visibleEdges()) {
      (adj.get(e.source) || adj.set(e.source, []).get(e.source)).push(e.target);
      (adj.get(e.target) || adj.set(e.target, []).get(e.target)).push(e.source);
    }
    const prev = new Map([[from.value, null]]), queue = [from.value];
    while (queue.length) {
      const cur = queue.shift();
      if (cur === to.value) break;
      for (const nb of adj.get(cur) || []) if (!prev.has(nb)) { prev.set(nb, cur); queue.push(nb); }
    }
    if (!prev.has(to.value)) { path = new Set(); status.textContent = "No path between these two in what you may see."; draw(); return; }
    const p = []; for (let c = to.value; c !== null; c = prev.get(c)) p.push(c);
    path = new Set(p);
    status.textContent = `Shortest path: ${p.reverse().map((id) => nodes.get(id).caption).join(" → ")}`;
    draw();
  }

  main.replaceChildren(
    h("h1", {}, "Network of ", nodes.get(rootId) ? nodes.get(rootId).caption : rootId),
    h("p", { class: "muted" }, "Only what you may see is drawn. Red ties link terrorist and organised-crime groups. Click or press Enter on a node to expand it."),
    filters,
    h("form", { class: "inline", onsubmit: (ev) => { ev.preventDefault(); shortestPath(); } },
      h("label", {}, "From", from), h("label", {}, "To", to), h("button", { type: "submit" }, "Shortest path")),
    status, canvas, h("h2", {}, "Nodes"), list);
  refreshControls(); layout(); draw();
}
