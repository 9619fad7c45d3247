/**
 * Fake AWS services on the loopback address, for counting the API calls of a Terraform refresh: one
 * HTTP server answers the read calls the AWS provider (5.100) makes for this product's resources,
 * from a World (Terraform states), and counts every call by service, action and account. The account
 * is the one of the access key (`mock-<account id>`, see refresh.ts): each workspace's provider
 * signs with its own. A request no fake answers is recorded in `unanswered` and gets a 501, so a
 * refresh against an incomplete fake fails loudly instead of passing with a wrong count.
 *
 *   const aws = await FakeAws.start(world);   // http://127.0.0.1:<port>
 *   ... terraform plan with the provider's endpoints at aws.url ...
 *   aws.calls(); aws.unanswered; await aws.stop();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ec2 } from "./ec2";
import { lattice, logs, profiles, ram, sts } from "./json-services";
import { route53 } from "./route53";
import type { World } from "./world";

export interface FakeRequest {
  /** The signing name of the credential scope: ec2, route53, vpc-lattice, ram, logs, route53profiles, sts. */
  readonly service: string;
  readonly account: string;
  readonly method: string;
  /** Decoded path, without the query. */
  readonly path: string;
  /** The raw path (segments still percent-encoded), for paths that carry an ARN. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  readonly body: string;
  /** X-Amz-Target of JSON 1.1 protocols (CloudWatch Logs). */
  readonly target?: string;
  readonly world: World;
}

export interface FakeResponse {
  /** The API action, as counted. */
  readonly action: string;
  readonly status?: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Record<string, string>;
}

/** A service's answers: undefined when it does not know the request (counted as unanswered). */
export type Handler = (req: FakeRequest) => FakeResponse | undefined;

const HANDLERS: Record<string, Handler> = {
  ec2,
  route53,
  "vpc-lattice": lattice,
  ram,
  logs,
  route53profiles: profiles,
  sts,
};

export interface Call {
  readonly service: string;
  readonly action: string;
  readonly account: string;
  readonly count: number;
}

export class FakeAws {
  readonly unanswered: string[] = [];
  private readonly counts = new Map<string, number>();

  private constructor(private readonly server: Server, readonly url: string, readonly world: World) {}

  /** Listens on 127.0.0.1 (a free port, or `port`), never another address. */
  static async start(world: World, port = 0): Promise<FakeAws> {
    let fake: FakeAws | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    fake = new FakeAws(server, `http://127.0.0.1:${bound}`, world);
    return fake;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** Forgets the calls counted so far (and the unanswered requests). */
  reset(): void {
    this.counts.clear();
    this.unanswered.length = 0;
  }

  /** Every call since the start (or the last reset), by service, action and account. */
  calls(): Call[] {
    return [...this.counts].map(([key, count]) => {
      const [service, action, account] = key.split("\t");
      return { service, action, account, count };
    }).sort((a, b) => a.service.localeCompare(b.service) || a.action.localeCompare(b.action) || a.account.localeCompare(b.account));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const scope = /Credential=([^/,\s]+)\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ""));
    const account = /(\d{12})/.exec(scope?.[1] ?? "")?.[1] ?? "unknown";
    const service = scope?.[2] ?? "unknown";
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: FakeRequest = {
      service,
      account,
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      rawPath: url.pathname,
      query: url.searchParams,
      body,
      target: req.headers["x-amz-target"] as string | undefined,
      world: this.world,
    };
    let answer: FakeResponse | undefined;
    try {
      answer = HANDLERS[service]?.(request);
    } catch (e) {
      this.unanswered.push(`${service} ${request.method} ${req.url} ${body.slice(0, 200)}: ${(e as Error).message}`);
      res.writeHead(500, { "content-type": "text/plain" }).end((e as Error).message);
      return;
    }
    const action = answer?.action ?? `? ${request.method} ${url.pathname}${request.target ? ` ${request.target}` : ""}`;
    const key = `${service}\t${action}\t${account}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!answer) {
      this.unanswered.push(`${service} ${request.method} ${req.url} ${request.target ?? ""} ${body.slice(0, 300)}`);
      // Not retried by the SDK (a 5xx would be), and not mistaken for "not found".
      res.writeHead(501, { "content-type": "application/json", "x-amzn-errortype": "NotImplemented" })
        .end(JSON.stringify({ __type: "NotImplemented", message: `fake-aws: no answer for ${service} ${request.method} ${url.pathname}` }));
      return;
    }
    res.writeHead(answer.status ?? 200, {
      "content-type": answer.contentType,
      "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
      ...answer.headers,
    }).end(answer.body);
  }
}
