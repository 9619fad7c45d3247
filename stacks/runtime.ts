/**
 * Synth-time settings of the cdktf runtime.
 *
 * cdktf captures a full stack trace for every token it creates, to quote in its own error messages
 * about misused tokens. For a large estate that is over half of the synth time and of the memory
 * (500 spokes, measured here: 7.3 s and 320 MB with them, 3.2 s and 170 MB without), and with tsx
 * each trace is also mapped through source maps. The output is the same either way, and a test
 * fails when this stops applying (a cdktf release that moves the module).
 */
const STACK_TRACE_MODULE = "cdktf/lib/tokens/private/stack-trace";

/** Switches token stack traces off; returns whether it could (false: another cdktf layout, only slower). */
export function useLeanSynth(): boolean {
  process.setSourceMapsEnabled(false);
  // CDK Terrain (cdktf's fork, see README) has a switch of its own for the same traces; cdktf ignores it.
  process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
  try {
    // Internal module of cdktf 0.21: tokens call it through its exports object, so replacing it works.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stackTrace = require(STACK_TRACE_MODULE) as { captureStackTrace: () => string[] };
    stackTrace.captureStackTrace = () => [];
    return true;
  } catch {
    return false;
  }
}
