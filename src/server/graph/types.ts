// The dependency graph's vocabulary. An edge `a → b` means "a needs b to run".
import type { DirectedGraph } from 'graphology';

/** How an edge was derived from the catalog's relations (see docs/graph.md). */
export type EdgeVia = 'dependsOn' | 'consumesApi' | 'partOf';

export interface GraphNode {
  /** Entity kind as written in the catalog, e.g. `Component`. */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** `spec.type`, e.g. `service`, `database`. */
  type?: string;
  /** From annotation `tally.dev/tier`; absent when missing or not a positive integer. */
  tier?: number;
  /** Full refs (`system:default/payments`, `group:default/sre`). */
  system?: string;
  owner?: string;
  lifecycle?: string;
  annotations: Record<string, string>;
  tags: string[];
  /**
   * True when the node takes part in boot order: Components, Resources, and any entity that
   * is an endpoint of a runtime edge. Systems and Domains (membership only) are false.
   * Hand-built graphs may omit it: analysis treats a missing value as true.
   */
  runtime?: boolean;
  /** The ref appears in a relation but no entity with that ref was given. */
  missing?: boolean;
}

export interface GraphEdge {
  via: EdgeVia;
  /**
   * True when the edge is a boot-time dependency and so counts for cycles, boot waves, rules
   * and admission. False only for membership `partOf` (into a System or Domain).
   * Hand-built graphs may omit it: analysis treats a missing value as true.
   */
  runtime?: boolean;
  /** For `consumesApi` edges: the API refs through which the consumer needs the provider. */
  apis?: string[];
}

export type DependencyGraph = DirectedGraph<GraphNode, GraphEdge>;

/** A strongly connected component with more than one node, or a node depending on itself. */
export interface Cycle {
  /** Sorted. */
  nodes: string[];
  /** Every runtime edge inside the component, sorted. */
  edges: [string, string][];
  /** One concrete closed walk, shortest through `nodes[0]`: first element repeated at the end. */
  path: string[];
}

export interface BootWaves {
  /** waves[0] needs nothing; waves[k] needs only nodes of earlier waves. Each wave sorted. */
  waves: string[][];
  /** Nodes on a cycle or depending (transitively) on one; they never come up. Sorted. */
  blocked: string[];
}

/** Why a node in `blocked` cannot boot. */
export interface BlockedReason {
  node: string;
  /** Index into `findCycles(g)` of the nearest cycle the node sits on or behind. */
  cycle: number;
  onCycle: boolean;
  /** The dependency it waits on, one hop closer to that cycle; null when on the cycle. */
  waitingOn: string | null;
  /** Hops to the nearest cycle node (0 when on a cycle). */
  distance: number;
}

export interface Violation {
  /** The rule's name. */
  rule: string;
  from: string;
  to: string;
  /** `from … to`, following runtime edges; two elements for a direct edge. */
  path: string[];
  message: string;
}
