import { api } from "./api.js";
import { h, errorBox } from "./dom.js";

const NEXT = { new: ["in_review"], in_review: ["confirmed", "dismissed"] };

export async function alertsView(main, status = "") {
  const data = await api("/v1/alerts", { params: { status } });
  const act = (a, to) => async () => {
    const reason = to === "dismissed" ? (prompt("Reason for dismissal") || "") : "";
    try { await api(`/v1/alerts/${a.id}/transition`, { method: "POST", body: { status: to, reason } }); alertsView(main, status); }
    catch (err) { main.prepend(errorBox(err)); }
  };
  const filter = h("select", { "aria-label": "Status", onchange: (ev) => alertsView(main, ev.target.value) },
    ["", "new", "in_review", "confirmed", "dismissed"].map((s) => h("option", { value: s, selected: s === status }, s || "all")));
  const row = (a) => h("tr", { "data-alert": a.id }, h("td", {}, a.kind), h("td", {}, a.subject),
    h("td", {}, a.context || ""), h("td", {}, h("ul", {}, a.reasons.map((r) => h("li", {}, r)))), h("td", {}, a.status),
    h("td", {}, (NEXT[a.status] || []).map((to) => h("button", {
      type: "button", class: to === "dismissed" ? "secondary" : "", onclick: act(a, to) }, to.replace("_", " ")))));
  const heads = ["Kind", "Subject", "Context", "Reasons", "Status", ""].map((x) => h("th", {}, x));
  main.replaceChildren(h("h1", {}, "Alerts"), h("label", {}, "Status ", filter),
    data.alerts.length
      ? h("table", {}, h("thead", {}, h("tr", {}, heads)), h("tbody", {}, data.alerts.map(row)))
      : h("p", { class: "muted" }, "No alerts."));
}
