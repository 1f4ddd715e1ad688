// The console speaks to the hub's own JSON API with its session cookie and CSRF token.
let csrf = null;
export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status; this.body = body;
  }
}

export async function api(path, { method = "GET", body = null, params = null } = {}) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  const headers = { "Accept": "application/json", "X-Tessera-Purpose": sessionStorage.getItem("purpose") || "analysis" };
  if (body !== null) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const resp = await fetch(url, { method, headers, body: body === null ? null : JSON.stringify(body), credentials: "same-origin" });
  const text = await resp.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = text; } }
  if (!resp.ok) {
    if (resp.status === 401 && !path.startsWith("/auth/")) window.dispatchEvent(new CustomEvent("tessera:signed-out"));
    throw new ApiError(resp.status, data);
  }
  return data;
}
