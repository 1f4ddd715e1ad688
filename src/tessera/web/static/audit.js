import { api } from "./api.js";
import { h } from "./dom.js";

export async function auditView(main, filters = {}) {
  const data = await api("/v1/audit", { params: { ...filters, limit: 300 } });
  const inputs = ["actor", "agency", "object_id", "purpose"].map((name) =>
    h("label", {}, name.replace("_", " "), h("input", { name, value: filters[name] || "" })));
  const form = h("form", { class: "inline", onsubmit: (ev) => {
      ev.preventDefault();
      auditView(main, Object.fromEntries(new FormData(form).entries()));
    } }, inputs, h("button", { type: "submit" }, "Filter"));
  const chain = data.chain.ok
    ? h("p", { class: "ok", id: "chain" }, `Chain verified: ${data.chain.checked} entries intact.`)
    : h("p", { class: "error", id: "chain", role: "alert" }, `Chain broken: ${data.chain.problem}`);
  main.replaceChildren(h("h1", {}, "Audit log"), chain, form,
    h("table", {}, h("thead", {}, h("tr", {}, ["#", "When", "Who", "Agency", "Action", "Object", "Purpose"].map((x) => h("th", {}, x)))),
      h("tbody", {}, data.entries.map((e) => h("tr", {}, h("td", {}, e.seq), h("td", {}, e.ts), h("td", {}, e.actor),
        h("td", {}, e.agency), h("td", {}, e.action), h("td", {}, `${e.object_type} ${e.object_id}`), h("td", {}, e.purpose))))));
}
