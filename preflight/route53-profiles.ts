/**
 * The Route 53 Profiles reads preflight needs (ListProfileAssociations, GetProfile), and the two more
 * that verify needs (ListProfiles, ListProfileResourceAssociations).
 *
 * The registry this project installs from has no `@aws-sdk/client-route53profiles`, so this is a
 * small REST-JSON client on the SDK's own parts: SigV4 signing (@smithy/signature-v4), the SDK's
 * adaptive retry strategy, and the endpoint settings as the AWS SDKs define them
 * (AWS_ENDPOINT_URL_ROUTE53PROFILES, then AWS_ENDPOINT_URL, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true). Replace it with the SDK client once it installs.
 * API: https://docs.aws.amazon.com/Route53/latest/APIReference/API_Operations_Route_53_Profiles.html
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import { SignatureV4 } from "@smithy/signature-v4";

export interface ListProfileAssociationsInput {
  ResourceId?: string;
  ProfileId?: string;
  NextToken?: string;
  MaxResults?: number;
}
export interface ProfileAssociation {
  Id?: string;
  Name?: string;
  OwnerId?: string;
  ProfileId?: string;
  ResourceId?: string;
  Status?: string;
}
export interface ListProfileAssociationsOutput {
  ProfileAssociations?: ProfileAssociation[];
  NextToken?: string;
}
export interface GetProfileInput {
  ProfileId: string;
}
export interface Profile {
  Arn?: string;
  Id?: string;
  Name?: string;
  OwnerId?: string;
  ShareStatus?: string;
  Status?: string;
}
export interface GetProfileOutput {
  Profile?: Profile;
}
export interface ListProfilesInput {
  NextToken?: string;
  MaxResults?: number;
}
export interface ProfileSummary {
  Arn?: string;
  Id?: string;
  Name?: string;
  ShareStatus?: string;
}
export interface ListProfilesOutput {
  ProfileSummaries?: ProfileSummary[];
  NextToken?: string;
}
export interface ListProfileResourceAssociationsInput {
  ProfileId: string;
  ResourceType?: string;
  NextToken?: string;
  MaxResults?: number;
}
export interface ProfileResourceAssociation {
  Id?: string;
  Name?: string;
  OwnerId?: string;
  ProfileId?: string;
  /** A hosted zone's: arn:<partition>:route53:::hostedzone/<id>. */
  ResourceArn?: string;
  ResourceType?: string;
  Status?: string;
}
export interface ListProfileResourceAssociationsOutput {
  ProfileResourceAssociations?: ProfileResourceAssociation[];
  NextToken?: string;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface Route53ProfilesOptions {
  readonly region: string;
  readonly credentials: () => Promise<Credentials>;
  readonly maxAttempts?: number;
  /** Per attempt. */
  readonly requestTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** An error as the SDK shapes them: `name` is the service's error code. */
export class Route53ProfilesError extends Error {
  constructor(name: string, message: string, readonly $metadata: { httpStatusCode?: number }) {
    super(message);
    this.name = name;
  }
}

const SERVICE = "route53profiles";

export class Route53ProfilesClient {
  private readonly retry: AdaptiveRetryStrategy;
  private readonly signer: SignatureV4;

  constructor(private readonly options: Route53ProfilesOptions) {
    this.retry = new AdaptiveRetryStrategy(options.maxAttempts ?? 3);
    this.signer = new SignatureV4({ service: SERVICE, region: options.region, credentials: options.credentials, sha256: Sha256 });
  }

  listProfileAssociations(input: ListProfileAssociationsInput, signal?: AbortSignal): Promise<ListProfileAssociationsOutput> {
    return this.get("/profileassociations", {
      resourceId: input.ResourceId, profileId: input.ProfileId, nextToken: input.NextToken,
      maxResults: input.MaxResults === undefined ? undefined : String(input.MaxResults),
    }, signal);
  }

  getProfile(input: GetProfileInput, signal?: AbortSignal): Promise<GetProfileOutput> {
    return this.get(`/profile/${encodeURIComponent(input.ProfileId)}`, {}, signal);
  }

  listProfiles(input: ListProfilesInput, signal?: AbortSignal): Promise<ListProfilesOutput> {
    return this.get("/profiles", {
      nextToken: input.NextToken, maxResults: input.MaxResults === undefined ? undefined : String(input.MaxResults),
    }, signal);
  }

  listProfileResourceAssociations(input: ListProfileResourceAssociationsInput, signal?: AbortSignal): Promise<ListProfileResourceAssociationsOutput> {
    return this.get(`/profileresourceassociations/profileid/${encodeURIComponent(input.ProfileId)}`, {
      resourceType: input.ResourceType, nextToken: input.NextToken,
      maxResults: input.MaxResults === undefined ? undefined : String(input.MaxResults),
    }, signal);
  }

  private async get<T>(path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
    type Token = Parameters<AdaptiveRetryStrategy["recordSuccess"]>[0];
    let token = (await this.retry.acquireInitialRetryToken(SERVICE)) as Token;
    for (;;) {
      try {
        const result = await this.attempt<T>(path, query, signal);
        this.retry.recordSuccess(token);
        return result;
      } catch (e) {
        if (signal?.aborted) throw e;
        // Throws the error back when it is not retryable or the attempts are spent.
        token = (await this.retry.refreshRetryTokenForRetry(token, { errorType: errorType(e) }).catch(() => { throw e; })) as Token;
        await sleep(token.getRetryDelay(), signal);
      }
    }
  }

  private async attempt<T>(path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
    const base = new URL(endpointOf(this.options.region, this.options.env ?? process.env));
    const definedQuery = Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    const fullPath = `${base.pathname.replace(/\/+$/, "")}${path}`;
    const signed = await this.signer.sign({
      method: "GET",
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path: fullPath,
      query: definedQuery,
      headers: { host: base.host, accept: "application/json" },
    });
    const url = new URL(fullPath, base);
    for (const [k, v] of Object.entries(definedQuery)) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs ?? 15_000);
    const response = await fetch(url, {
      method: "GET",
      headers: signed.headers as Record<string, string>,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      const type = response.headers.get("x-amzn-errortype") ?? String(body.__type ?? body.code ?? `HTTP${response.status}`);
      // "AccessDeniedException:http://internal.amazon.com/…" or "aws.protocoltests#AccessDeniedException".
      const name = type.split(":")[0].split("#").pop() || `HTTP${response.status}`;
      throw new Route53ProfilesError(name, String(body.message ?? body.Message ?? response.statusText), { httpStatusCode: response.status });
    }
    return body as T;
  }
}

/** The endpoint as the AWS SDKs resolve configured endpoints from the environment, else the Region's. */
export function endpointOf(region: string, env: NodeJS.ProcessEnv): string {
  const configured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true"
    ? undefined
    : env.AWS_ENDPOINT_URL_ROUTE53PROFILES || env.AWS_ENDPOINT_URL;
  return configured || `https://${SERVICE}.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

function errorType(e: unknown): "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR" {
  if (e instanceof Route53ProfilesError) {
    const status = e.$metadata.httpStatusCode ?? 0;
    if (status === 429 || /Throttl/i.test(e.name)) return "THROTTLING";
    // As the SDK classifies them: these statuses are transient (retried), other 5xx are not.
    if ([500, 502, 503, 504].includes(status)) return "TRANSIENT";
    return status >= 500 ? "SERVER_ERROR" : "CLIENT_ERROR";
  }
  return "TRANSIENT"; // the connection failed or an attempt timed out
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}") as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}

/** SHA-256 and HMAC-SHA-256 in the shape SigV4 signing takes. */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === "string" ? data : toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    return createHmac("sha256", typeof this.secret === "string" ? this.secret : toBytes(this.secret));
  }
}

const toBytes = (data: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
