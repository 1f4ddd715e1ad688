"""The viewer's visible neighbourhood of an entity: nodes and edges it may see, nothing more."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from followthemoney import model
from sqlalchemy import select

from tessera.errors import NotFound
from tessera.model.entity import EntityView
from tessera.policy.core import Viewer
from tessera.store.access import AccessStore
from tessera.store.base import chunks
from tessera.store.tables import statements

MAX_NODES = 400


@dataclass(frozen=True)
class Edge:
    id: str
    source: str
    target: str
    schema: str
    label: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "schema": self.schema,
            "label": self.label,
        }


@dataclass
class Subgraph:
    nodes: dict[str, EntityView] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [v.to_dict(with_statements=False) for v in self.nodes.values()],
            "edges": [e.to_dict() for e in self.edges.values()],
            "truncated": self.truncated,
        }


def _edge_ends(view: EntityView) -> tuple[list[str], list[str]] | None:
    schema = model.get(view.schema)
    if schema is None or not schema.edge or schema.source_prop is None or schema.target_prop is None:
        return None
    props = view.properties
    return props.get(schema.source_prop.name, []), props.get(schema.target_prop.name, [])


class GraphStore(AccessStore):
    def neighbours(self, viewer: Viewer, entity_id: str, depth: int = 1) -> Subgraph:
        depth = max(1, min(depth, 3))
        with self.engine.connect() as conn:
            root = self._views(conn, viewer, [entity_id]).get(entity_id)
            if root is None:
                raise NotFound("entity")
            graph = Subgraph(nodes={entity_id: root})
            frontier = {entity_id}
            for _ in range(depth):
                if not frontier:
                    break
                # Entities whose readable statements point at the frontier, and those it points at.
                referencing: set[str] = set()
                visible, params = self._visible(conn, viewer)
                for part in chunks(sorted(frontier)):
                    query = (
                        select(statements.c.entity_id)
                        .where(
                            statements.c.prop_type == "entity",
                            statements.c.value.in_(part),
                            visible,
                        )
                        .distinct()
                    )
                    referencing.update(conn.execute(query, params).scalars())
                outgoing = {
                    s.value
                    for eid in frontier
                    for s in graph.nodes[eid].statements
                    if s.prop_type == "entity"
                }
                candidates = sorted((referencing | outgoing) - set(graph.nodes))
                views = self._views(conn, viewer, candidates)
                # Edge entities are hopped through: their far ends join the graph as nodes.
                far_ends = (
                    {end for v in views.values() if (ends := _edge_ends(v)) for end in ends[0] + ends[1]}
                    - set(graph.nodes)
                    - set(views)
                )
                views.update(self._views(conn, viewer, sorted(far_ends)))
                next_frontier: set[str] = set()
                for eid, view in views.items():
                    if len(graph.nodes) >= MAX_NODES:
                        graph.truncated = True
                        break
                    ends = _edge_ends(view)
                    if ends is None:
                        graph.nodes[eid] = view
                        next_frontier.add(eid)
                for eid, view in views.items():
                    ends = _edge_ends(view)
                    if ends is None:
                        continue
                    for src in ends[0]:
                        for dst in ends[1]:
                            if src in graph.nodes and dst in graph.nodes:
                                graph.edges[f"{eid}:{src}:{dst}"] = Edge(
                                    eid, src, dst, view.schema, view.caption
                                )
                for eid in list(graph.nodes):
                    for stmt in graph.nodes[eid].statements:
                        if stmt.prop_type == "entity" and stmt.value in graph.nodes:
                            key = f"{eid}:{stmt.prop}:{stmt.value}"
                            graph.edges[key] = Edge(key, eid, stmt.value, graph.nodes[eid].schema, stmt.prop)
                frontier = next_frontier
        return graph
