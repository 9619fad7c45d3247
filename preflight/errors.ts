/**
 * Why a call failed, in one line: a check that cannot run is a SKIP naming the reason (access
 * denied, throttled after retries, an endpoint that does not answer, an unexpected response).
 */
import { Skip } from "./model";

/** A failed read: its message is the SKIP reason; `code` is the service's error code, for checks that expect one. */
export class ReadError extends Error {
  override readonly name = "ReadError";
  readonly code?: string;
  constructor(readonly action: string, cause: unknown) {
    super(reasonOf(cause, action));
    this.code = errorName(cause);
  }
}

const ACCESS = /AccessDenied|UnauthorizedOperation|AuthFailure|^Unauthorized|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|UnrecognizedClient|OptInRequired/;
const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|PriorRequestNotComplete/;
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_\w+)$/;

/** The SKIP reason for an error of the call `action`. */
export function reasonOf(e: unknown, action?: string): string {
  if (e instanceof Skip || e instanceof ReadError) return e.message;
  const name = errorName(e) ?? "Error";
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const code = (e as NodeJS.ErrnoException)?.code ?? (e as { cause?: NodeJS.ErrnoException })?.cause?.code;
  const message = brief(e instanceof Error ? e.message : String(e));
  const of = action ? ` (${action})` : "";
  if (name === "AbortError") return "timed out";
  if (name === "CredentialsProviderError") return `no AWS credentials${of}: ${message}`;
  if (ACCESS.test(name) || status === 401 || status === 403) return `access denied${of}: ${message}`;
  if (THROTTLED.test(name) || status === 429) return `throttled after retries${of}`;
  if ((code && NETWORK.test(code)) || name === "TimeoutError" || /socket hang up|fetch failed|other side closed/i.test(message)) {
    return `the endpoint did not answer${of}: ${code ?? name}`;
  }
  return `unexpected response${of}: ${name}${status ? ` (HTTP ${status})` : ""}${message && message !== name ? `: ${message}` : ""}`;
}

export function errorName(e: unknown): string | undefined {
  const err = e as { name?: string; Code?: string };
  return err?.Code ?? err?.name;
}

/** True when the read failed with one of these service error codes (e.g. a resource that does not exist). */
export function failedWith(e: unknown, ...codes: string[]): boolean {
  return e instanceof ReadError && e.code !== undefined && codes.includes(e.code);
}

const brief = (text: string) => {
  const line = text.split("\n")[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
};
