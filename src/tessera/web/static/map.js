import { svg } from "./dom.js";

// A route map drawn from airport coordinates: equirectangular projection, no online tiles.
export function routeMap(segments) {
  const pts = segments.flatMap((s) => [s.origin_coords, s.destination_coords]).filter(Boolean);
  if (!pts.length) return svg("svg", { class: "map" });
  const lons = pts.map((p) => p[1]), lats = pts.map((p) => p[0]);
  const pad = 4, W = 800, H = 380;
  const minX = Math.min(...lons) - pad, maxX = Math.max(...lons) + pad;
  const minY = Math.min(...lats) - pad, maxY = Math.max(...lats) + pad;
  const sx = (lon) => ((lon - minX) / (maxX - minX || 1)) * W;
  const sy = (lat) => H - ((lat - minY) / (maxY - minY || 1)) * H;
  const root = svg("svg", { class: "map", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Route map" });
  for (let lon = Math.ceil(minX / 10) * 10; lon < maxX; lon += 10)
    root.append(svg("line", { x1: sx(lon), x2: sx(lon), y1: 0, y2: H, stroke: "#bae6fd" }));
  for (let lat = Math.ceil(minY / 10) * 10; lat < maxY; lat += 10)
    root.append(svg("line", { y1: sy(lat), y2: sy(lat), x1: 0, x2: W, stroke: "#bae6fd" }));
  const seen = new Set();
  for (const s of segments) {
    if (!s.origin_coords || !s.destination_coords) continue;
    const [a, b] = [s.origin_coords, s.destination_coords];
    root.append(svg("line", { x1: sx(a[1]), y1: sy(a[0]), x2: sx(b[1]), y2: sy(b[0]), stroke: "#1d4ed8", "stroke-width": 2 }));
    for (const [code, p] of [[s.origin, a], [s.destination, b]]) {
      if (seen.has(code)) continue; seen.add(code);
      root.append(svg("circle", { cx: sx(p[1]), cy: sy(p[0]), r: 5, fill: "#b91c1c" }));
      root.append(svg("text", { x: sx(p[1]) + 7, y: sy(p[0]) - 7, "font-size": 12 }, code));
    }
  }
  return root;
}
