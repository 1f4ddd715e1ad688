import { api } from "./api.js";
import { h, bidi, markingBadges } from "./dom.js";
import { routeMap } from "./map.js";

const IDENTITY = ["name", "alias", "weakAlias", "previousName", "firstName", "lastName", "birthDate", "birthPlace",
  "nationality", "citizenship", "gender", "passportNumber", "idNumber", "position", "topics"];

export async function dossierView(main, id) {
  const entity = await api(`/v1/entities/${id}`);
  const graph = await api(`/v1/entities/${id}/neighbours`, { params: { depth: 1 } });
  const factRows = (props) => entity.statements.filter((s) => props.includes(s.prop)).map((s) => h("tr", {},
    h("th", { scope: "row" }, s.prop), h("td", {}, bidi(s.value)),
    h("td", {}, s.agency), h("td", {}, markingBadges(s.marking))));
  const other = entity.statements.map((s) => s.prop).filter((p) => !IDENTITY.includes(p));
  const nodes = Object.fromEntries(graph.nodes.map((n) => [n.id, n]));
  const rels = graph.edges.filter((e) => e.source === id || e.target === id).map((e) => {
    const other = nodes[e.source === id ? e.target : e.source];
    return h("tr", {}, h("td", {}, e.schema), h("td", {}, e.label),
      h("td", {}, other ? h("a", { href: `#/entity/${other.id}` }, bidi(other.caption)) : ""),
      h("td", {}, other ? other.schema : ""));
  });
  const table = (rows, heads) => rows.length
    ? h("table", {}, h("thead", {}, h("tr", {}, heads.map((x) => h("th", {}, x)))), h("tbody", {}, rows))
    : h("p", { class: "muted" }, "Nothing you may see.");
  const features = window.tesseraFeatures || [];
  const travel = features.includes("travel") ? await api(`/v1/travel/subjects/${id}`) : null;
  const finance = features.includes("finance") ? await api(`/v1/finance/subjects/${id}`) : null;
  main.replaceChildren(
    h("h1", {}, bidi(entity.caption), " ", h("span", { class: "muted" }, entity.schema)),
    h("p", {}, h("a", { href: `#/network/${id}` }, "Open network view"), " · contributed by ", entity.agencies.join(", ")),
    h("section", { class: "card", "aria-labelledby": "identity" }, h("h2", { id: "identity" }, "Identity and documents"),
      table(factRows(IDENTITY), ["Fact", "Value", "Agency", "Marking"])),
    other.length ? h("section", { class: "card" }, h("h2", {}, "Background and other facts"),
      table(factRows(other), ["Fact", "Value", "Agency", "Marking"])) : "",
    h("section", { class: "card", "aria-labelledby": "rels" }, h("h2", { id: "rels" }, "Relationships"),
      table(rels, ["Type", "Label", "With", "Kind"])),
    h("section", { class: "card", "aria-labelledby": "travel" }, h("h2", { id: "travel" }, "Travel"),
      travel && travel.segments && travel.segments.length ? [routeMap(travel.segments), table(travel.segments.map((s) =>
        h("tr", {}, h("td", {}, s.departure_time || ""), h("td", {}, `${s.carrier}${s.flight_number}`),
          h("td", {}, `${s.origin} → ${s.destination}`))), ["Departure", "Flight", "Route"])]
        : h("p", { class: "muted" }, "No travel you may see.")),
    h("section", { class: "card", "aria-labelledby": "finance" }, h("h2", { id: "finance" }, "Designations and finance"),
      finance && finance.designations && finance.designations.length
        ? table(finance.designations.map((d) => h("tr", {}, h("td", {}, d.list), h("td", {}, d.reference || ""),
          h("td", {}, d.date || ""))), ["List", "Reference", "Date"])
        : h("p", { class: "muted" }, "No designations you may see.")));
}
