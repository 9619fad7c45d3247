/**
 * A small stand-in for the AWS APIs on 127.0.0.1, for running the preflight CLI end to end through
 * AWS_ENDPOINT_URL: it answers the calls a test gives answers for (STS and EC2 speak the query
 * protocol's XML) and refuses the rest, as the service would (403 AccessDenied in its protocol),
 * or by closing the connection, or never answers at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  readonly service: "sts" | "ec2" | "route53" | "servicequotas" | "vpc-lattice" | "route53profiles";
  /** The API action (for REST APIs, the path). */
  readonly action: string;
  /** The account whose credentials signed it (ASIAFAKE<account>), or "default". */
  readonly account: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
}

/** A reply: status and body, or "close" (the connection is dropped). Undefined: refused with AccessDenied. */
export type Reply = { status?: number; body: string; headers?: Record<string, string> } | "close" | undefined;

export interface FakeAws {
  readonly url: string;
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/** Credentials the fake STS hands out name their account, so later calls can be answered per account. */
export const accessKeyFor = (account: string) => `ASIAFAKE${account}`;

export async function startFakeAws(reply: (req: FakeRequest) => Reply | "hang"): Promise<FakeAws> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => { body += chunk.toString("utf8"); });
    req.on("end", () => {
      const request = describe(req, body);
      requests.push(request);
      const answer = reply(request);
      if (answer === "hang") return;
      if (answer === "close") {
        req.socket.destroy();
        return;
      }
      send(res, answer ?? refusal(request));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function describe(req: IncomingMessage, body: string): FakeRequest {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const credential = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ""))?.[1] ?? "";
  const account = credential.startsWith("ASIAFAKE") ? credential.slice("ASIAFAKE".length) : "default";
  const base = { account, headers: req.headers };
  const form = new URLSearchParams(body);
  if (form.get("Action")) {
    return { ...base, service: form.get("Version") === "2011-06-15" ? "sts" : "ec2", action: form.get("Action")!, params: form };
  }
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return { ...base, service: "servicequotas", action: target.split(".").pop()!, params: new URLSearchParams() };
  const service = url.pathname.startsWith("/2013-04-01/") ? "route53"
    : url.pathname.startsWith("/profile") ? "route53profiles"
    : "vpc-lattice";
  return { ...base, service, action: url.pathname, params: url.searchParams };
}

/** AccessDenied as each protocol says it. */
function refusal(r: FakeRequest): Exclude<Reply, "close" | undefined> {
  switch (r.service) {
    case "ec2":
      return { status: 403, body: `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>fake</RequestID></Response>` };
    case "sts":
    case "route53":
      return { status: 403, body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>fake</RequestId></ErrorResponse>` };
    case "servicequotas":
      return { status: 400, headers: { "x-amzn-errortype": "AccessDeniedException", "content-type": "application/x-amz-json-1.1" }, body: `{"__type":"AccessDeniedException","Message":"not authorized"}` };
    default:
      return { status: 403, headers: { "x-amzn-errortype": "AccessDeniedException", "content-type": "application/json" }, body: `{"message":"not authorized"}` };
  }
}

function send(res: ServerResponse, reply: Exclude<Reply, "close" | undefined>): void {
  res.statusCode = reply.status ?? 200;
  res.setHeader("content-type", "text/xml");
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  res.setHeader("x-amzn-requestid", "fake");
  res.end(reply.body);
}

/** The filter values of an EC2 query request (Filter.N.Name / Filter.N.Value.M). */
export function ec2Filter(params: URLSearchParams, name: string): string[] {
  for (let n = 1; params.has(`Filter.${n}.Name`); n++) {
    if (params.get(`Filter.${n}.Name`) !== name) continue;
    const values: string[] = [];
    for (let m = 1; params.has(`Filter.${n}.Value.${m}`); m++) values.push(params.get(`Filter.${n}.Value.${m}`)!);
    return values;
  }
  return [];
}

const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export const ec2Reply = (action: string, inner: string): Reply =>
  ({ body: `<${action}Response xmlns="${EC2_NS}"><requestId>fake</requestId>${inner}</${action}Response>` });

export function stsReply(r: FakeRequest, defaultAccount: string): Reply {
  if (r.action === "AssumeRole") {
    const account = (r.params.get("RoleArn") ?? "").split(":")[4];
    return {
      body: `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyFor(account)}</AccessKeyId>` +
        `<SecretAccessKey>fake</SecretAccessKey><SessionToken>fake</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
        `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/preflight/${r.params.get("RoleSessionName")}</Arn><AssumedRoleId>AROAFAKE:x</AssumedRoleId></AssumedRoleUser>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  }
  if (r.action === "GetCallerIdentity") {
    const account = r.account === "default" ? defaultAccount : r.account;
    return {
      body: `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:sts::${account}:assumed-role/preflight/fake</Arn>` +
        `<UserId>AROAFAKE:fake</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  }
  return undefined;
}
