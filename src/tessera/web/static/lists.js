import { api } from "./api.js";
import { h } from "./dom.js";

export async function listsView(main) {
  const data = await api("/v1/lists");
  const detail = h("div", { id: "list-detail" });
  const show = (name) => async () => {
    const versions = await api(`/v1/lists/${encodeURIComponent(name)}/versions`);
    const diff = await api(`/v1/lists/${encodeURIComponent(name)}/diff`);
    detail.replaceChildren(h("h2", {}, `${name}: versions`),
      h("table", {}, h("thead", {}, h("tr", {}, ["Version", "Imported", "Entries", "Added", "Removed", "Changed"].map((x) => h("th", {}, x)))),
        h("tbody", {}, versions.versions.map((v) => h("tr", {}, h("td", {}, v.version), h("td", {}, v.imported_at), h("td", {}, v.entries),
          h("td", {}, v.added), h("td", {}, v.removed), h("td", {}, v.changed))))),
      h("h2", {}, `Latest difference (version ${diff.version})`),
      h("ul", {}, diff.changes.slice(0, 200).map((c) => h("li", {}, `${c.change}: ${c.caption || c.entry_id}`))));
  };
  main.replaceChildren(h("h1", {}, "Lists"),
    data.lists.length ? h("table", {}, h("thead", {}, h("tr", {}, ["List", "Owner", "Version", "Entries", "Imported", ""].map((x) => h("th", {}, x)))),
      h("tbody", {}, data.lists.map((l) => h("tr", {}, h("td", {}, l.name), h("td", {}, l.owner), h("td", {}, l.version),
        h("td", {}, l.entries), h("td", {}, l.imported_at), h("td", {}, h("button", { type: "button", class: "secondary", onclick: show(l.name) }, "Versions"))))))
      : h("p", { class: "muted" }, "No lists you may see."), detail);
}
