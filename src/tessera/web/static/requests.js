import { api } from "./api.js";
import { h, errorBox } from "./dom.js";

export async function requestsView(main, me) {
  const data = await api("/v1/access-requests");
  const incoming = data.requests.filter((r) => r.direction === "incoming");
  const outgoing = data.requests.filter((r) => r.direction === "outgoing");
  const decide = (r, decision) => async () => {
    try { await api(`/v1/access-requests/${r.id}/decision`, { method: "POST", body: { decision } }); requestsView(main, me); }
    catch (err) { main.prepend(errorBox(err)); }
  };
  const inRows = incoming.map((r) => h("tr", { "data-request": r.id },
    h("td", {}, r.requester), h("td", {}, r.requested_by || ""), h("td", {}, r.purpose),
    h("td", {}, r.entity_id ? h("a", { href: `#/entity/${r.entity_id}` }, "record") : ""),
    h("td", {}, r.status),
    h("td", {}, r.status === "pending" ? [h("button", { type: "button", onclick: decide(r, "approve") }, "Approve"), " ",
      h("button", { type: "button", class: "secondary", onclick: decide(r, "refuse") }, "Refuse")]
      : r.status === "approved" ? h("button", { type: "button", class: "secondary", onclick: decide(r, "revoke") }, "Revoke") : "")));
  const outRows = outgoing.map((r) => h("tr", { "data-request": r.id },
    h("td", {}, r.agency), h("td", {}, r.purpose), h("td", {}, r.status), h("td", {}, r.until || ""),
    h("td", {}, r.entity_id ? h("a", { href: `#/entity/${r.entity_id}` }, "Open record") : "")));
  const table = (rows, heads) => rows.length ? h("table", {}, h("thead", {}, h("tr", {}, heads.map((x) => h("th", {}, x)))), h("tbody", {}, rows))
    : h("p", { class: "muted" }, "None.");
  main.replaceChildren(h("h1", {}, "Access requests"),
    me.roles.includes("steward") ? h("section", {}, h("h2", {}, "Incoming (your agency decides)"),
      table(inRows, ["From", "Requested by", "Purpose", "Record", "Status", "Decision"])) : "",
    h("h2", {}, "Outgoing"), table(outRows, ["To agency", "Purpose", "Status", "Until", ""]));
}
