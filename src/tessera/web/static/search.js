import { api } from "./api.js";
import { h, bidi, errorBox } from "./dom.js";

export async function searchView(main, q) {
  const input = h("input", { name: "q", id: "q", value: q, size: 40, placeholder: "Name in any script, document number, list reference" });
  const schema = h("select", { name: "schema", id: "schema" },
    ["", "Person", "Organization", "LegalEntity", "Vessel"].map((s) => h("option", { value: s }, s || "any type")));
  const results = h("div", { id: "results", "aria-live": "polite" });
  const form = h("form", { class: "inline", role: "search", onsubmit: (ev) => {
      ev.preventDefault();
      window.location.hash = "#/search?q=" + encodeURIComponent(input.value.trim());
    } },
    h("label", { for: "q" }, "Search", input), h("label", { for: "schema" }, "Type", schema),
    h("button", { type: "submit" }, "Search"));
  main.replaceChildren(h("h1", {}, "Search"), form, results);
  input.focus();
  if (!q) return;
  const data = await api("/v1/search", { params: { q, schema: schema.value, limit: 50 } });
  const rows = data.results.map((r) => h("tr", { class: "result" },
    h("td", {}, r.schema),
    h("td", {}, h("a", { href: `#/entity/${r.id}` }, bidi(r.caption))),
    h("td", {}, r.agencies.join(", ")),
    h("td", {}, r.score.toFixed(2))));
  const hits = data.hits.map((hit) => hitRow(hit));
  if (!rows.length && !hits.length) { results.replaceChildren(h("p", { class: "muted" }, "No matching records you may see.")); return; }
  results.replaceChildren(h("table", {},
    h("caption", { class: "muted" }, `${data.total} result(s) you may see`),
    h("thead", {}, h("tr", {}, h("th", {}, "Type"), h("th", {}, "Name"), h("th", {}, "Contributed by"), h("th", {}, "Score"))),
    h("tbody", {}, rows, hits)));
}

function hitRow(hit) {
  const cell = h("td", { colspan: 4 });
  const purpose = h("input", { name: "purpose", "aria-label": "Purpose of the request", placeholder: "Purpose, e.g. case reference", size: 40 });
  const status = h("span", { role: "status" });
  const form = h("form", { class: "inline", onsubmit: async (ev) => {
      ev.preventDefault();
      try {
        const req = await api("/v1/access-requests", { method: "POST", body: { ref: hit.ref, purpose: purpose.value } });
        form.replaceWith(h("span", { class: "ok" }, `Access requested from ${req.agency} (status: ${req.status}).`));
      } catch (err) { status.replaceChildren(errorBox(err)); }
    } }, purpose, h("button", { type: "submit" }, "Request access"), status);
  cell.append(h("strong", {}, `Agency ${hit.agency} holds a matching record — request access`), " ", form);
  return h("tr", { class: "hit", "data-agency": hit.agency }, cell);
}
