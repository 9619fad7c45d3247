/**
 * Runs planned checks: all at once (their AWS calls share the readers' concurrency bound), each to
 * one result. A check that throws is SKIP with the reason, never PASS and never a crash; when the
 * run's time bound fires, every unfinished check is SKIP "timed out".
 */
import { reasonOf } from "./errors";
import { compareResults, type Outcome, type PlannedCheck, type Reader, type Principal, type Result } from "./model";

export interface EngineOptions {
  /** The run's time bound. */
  readonly timeoutMs: number;
  /** Aborted when the bound fires, so that the readers drop every call in flight. */
  readonly controller: AbortController;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function runChecks(planned: readonly PlannedCheck[], readerFor: (p: Principal) => Reader, options: EngineOptions): Promise<Result[]> {
  const outcomes: (Outcome | undefined)[] = planned.map(() => undefined);
  let done = 0;
  let timer: NodeJS.Timeout | undefined;
  const settle = (i: number, outcome: Outcome) => {
    if (outcomes[i] || options.controller.signal.aborted) return;
    outcomes[i] = outcome;
    options.onProgress?.(++done, planned.length);
  };
  const all = Promise.all(planned.map(async (p, i) => {
    try {
      settle(i, await p.run(readerFor(p.principal)));
    } catch (e) {
      settle(i, { status: "SKIP", message: reasonOf(e) });
    }
  }));
  const timedOut = new Promise<void>((resolve) => { timer = setTimeout(resolve, options.timeoutMs); });
  await Promise.race([all, timedOut]);
  clearTimeout(timer);
  options.controller.abort();
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  return planned
    .map((p, i): Result => ({
      ...(outcomes[i] ?? { status: "SKIP", message: `timed out (the run's bound of ${seconds} s)` }),
      check: p.check.id,
      account: p.principal.accountId,
      subject: p.subject,
    }))
    .sort(compareResults);
}
