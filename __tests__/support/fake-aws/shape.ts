/**
 * The shape of refresh costs: calls as a function of a workspace's own resources. "At most linear"
 * means the calls per resource instance never grow with the size: a workspace twice as large may
 * cost twice the calls, never more (a fixed overhead, spread over more resources, only lowers it).
 */

export interface RefreshSample {
  /** What was varied (spoke accounts, VPCs), for the message. */
  readonly size: number;
  /** Managed resource instances in the workspace's state. */
  readonly resources: number;
  readonly calls: number;
}

/**
 * Undefined when the calls grow at most linearly with the resources across the samples; otherwise
 * what grew faster, for the test's message.
 */
export function superlinearGrowth(samples: readonly RefreshSample[]): string | undefined {
  const sorted = [...samples].sort((a, b) => a.resources - b.resources);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (a.resources <= 0) return `size ${a.size}: no resources`;
    // Integers compared exactly: calls(b) / resources(b) > calls(a) / resources(a).
    if (b.calls * a.resources > a.calls * b.resources) {
      return `calls per resource grow from ${(a.calls / a.resources).toFixed(2)} (size ${a.size}: ${a.calls} calls, ${a.resources} resources) ` +
        `to ${(b.calls / b.resources).toFixed(2)} (size ${b.size}: ${b.calls} calls, ${b.resources} resources)`;
    }
  }
  return undefined;
}

/** Managed resource instances of a state. */
export const managedInstances = (state: { resources: readonly { mode: string; instances: readonly unknown[] }[] }) =>
  state.resources.filter((r) => r.mode === "managed").reduce((n, r) => n + r.instances.length, 0);
