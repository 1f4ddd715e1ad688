import { api, setCsrf } from "./api.js";
import { h, errorBox } from "./dom.js";
import { searchView } from "./search.js";
import { dossierView } from "./dossier.js";
import { networkView } from "./network.js";
import { requestsView } from "./requests.js";
import { auditView } from "./audit.js";
import { listsView } from "./lists.js";
import { alertsView } from "./alerts.js";

const main = document.getElementById("main");
let me = null;

const routes = [
  [/^#\/search(?:\?q=(.*))?$/, (m) => searchView(main, m[1] ? decodeURIComponent(m[1]) : "")],
  [/^#\/entity\/([\w-]+)$/, (m) => dossierView(main, m[1])],
  [/^#\/network\/([\w-]+)$/, (m) => networkView(main, m[1])],
  [/^#\/requests$/, () => requestsView(main, me)],
  [/^#\/audit$/, () => auditView(main)],
  [/^#\/lists$/, () => listsView(main)],
  [/^#\/alerts$/, () => alertsView(main)],
];

async function render() {
  if (!me) return loginView();
  const hash = window.location.hash || "#/search";
  const started = performance.now();
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (m) {
      main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
      try { await view(m); } catch (err) { main.replaceChildren(errorBox(err)); }
      document.body.dataset.renderMs = String(Math.round(performance.now() - started));
      document.body.dataset.ready = hash;
      main.focus({ preventScroll: true });
      return;
    }
  }
  window.location.hash = "#/search";
}

function showSignedIn() {
  window.tesseraFeatures = me.features || [];
  document.getElementById("nav").hidden = false;
  document.getElementById("logout").hidden = false;
  document.getElementById("who").textContent = `${me.user} · ${me.agency} · ${me.roles.join(", ")}`;
  for (const a of document.querySelectorAll("[data-role]")) a.hidden = !me.roles.includes(a.dataset.role);
}

function loginView() {
  document.getElementById("nav").hidden = true;
  document.getElementById("logout").hidden = true;
  document.getElementById("who").textContent = "";
  const msg = h("p", { role: "alert", class: "error" });
  const form = h("form", { "aria-label": "Sign in", onsubmit: async (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const body = fd.get("token") ? { token: fd.get("token") } : { username: fd.get("username"), password: fd.get("password") };
      try {
        await api("/auth/login", { method: "POST", body });
        me = await api("/auth/session");
        setCsrf(me.csrf); showSignedIn();
        if (!window.location.hash || window.location.hash === "#/login") window.location.hash = "#/search"; else render();
      } catch (err) { msg.textContent = err.message; }
    } },
    h("label", {}, "Username", h("input", { name: "username", autocomplete: "username", id: "username" })),
    h("label", {}, "Password", h("input", { name: "password", type: "password", autocomplete: "current-password", id: "password" })),
    h("p", { class: "muted" }, "or sign in with an API token"),
    h("label", {}, "API token", h("input", { name: "token", type: "password", autocomplete: "off", id: "token" })),
    h("button", { type: "submit" }, "Sign in"), msg);
  main.replaceChildren(h("section", { class: "card login" }, h("h1", {}, "Sign in to Tessera"), form));
  document.body.dataset.ready = "login";
}

document.getElementById("logout").addEventListener("click", async () => {
  try { await api("/auth/logout", { method: "POST" }); } finally { me = null; setCsrf(null); loginView(); }
});
window.addEventListener("tessera:signed-out", () => { me = null; loginView(); });
window.addEventListener("hashchange", render);

(async () => {
  try {
    const s = await api("/auth/session");
    if (s.signed_in) { me = s; setCsrf(me.csrf); showSignedIn(); }
  } catch { me = null; }
  render();
})();
