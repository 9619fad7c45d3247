/** The engine and the readers: order, SKIP for every way a call can fail, the time bound, the concurrency bound, one call per read. */
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { AwsReaders } from "../../preflight/aws";
import { runChecks } from "../../preflight/engine";
import { reasonOf } from "../../preflight/errors";
import { pass, type CheckDefinition, type PlannedCheck, type Reader } from "../../preflight/model";
import { answer, awsError, HUB, mocks, SPOKE, world } from "./support/world";

const definition = (id: string): CheckDefinition => ({ id, title: id, reads: [], subjects: () => [] });
const planned = (id: string, account: string, subject: string, run: PlannedCheck["run"]): PlannedCheck =>
  ({ check: definition(id), principal: { accountId: account }, subject, run });
const noReader = () => ({}) as Reader;

test("results come by account, then check id, then subject, whatever order they finish in", async () => {
  const later = (ms: number) => async () => { await new Promise((r) => setTimeout(r, ms)); return pass("ok"); };
  const results = await runChecks([
    planned("PF-SPK-001", SPOKE, "vpc-b", later(1)),
    planned("PF-HUB-002", HUB, "subnet-a", later(5)),
    planned("PF-SPK-001", SPOKE, "vpc-a", later(10)),
    planned("PF-HUB-001", HUB, "subnet-b", later(1)),
    planned("PF-HUB-001", HUB, "subnet-a", later(3)),
  ], noReader, { timeoutMs: 5_000, controller: new AbortController() });
  expect(results.map((r) => `${r.account} ${r.check} ${r.subject}`)).toEqual([
    `${HUB} PF-HUB-001 subnet-a`, `${HUB} PF-HUB-001 subnet-b`, `${HUB} PF-HUB-002 subnet-a`,
    `${SPOKE} PF-SPK-001 vpc-a`, `${SPOKE} PF-SPK-001 vpc-b`,
  ]);
});

test("a check that throws is SKIP with the reason, and the others still report", async () => {
  const results = await runChecks([
    planned("PF-HUB-001", HUB, "a", async () => { throw new TypeError("Cannot read properties of undefined"); }),
    planned("PF-HUB-002", HUB, "a", async () => pass("fine")),
  ], noReader, { timeoutMs: 5_000, controller: new AbortController() });
  expect(results.map((r) => [r.status, r.message])).toEqual([
    ["SKIP", "unexpected response: TypeError: Cannot read properties of undefined"],
    ["PASS", "fine"],
  ]);
});

test("when the time bound fires, every unfinished check is SKIP timed out and the run ends", async () => {
  const controller = new AbortController();
  const started = Date.now();
  const results = await runChecks([
    planned("PF-HUB-001", HUB, "hangs", () => new Promise(() => undefined)),
    planned("PF-HUB-002", HUB, "quick", async () => pass("done")),
  ], noReader, { timeoutMs: 300, controller });
  expect(Date.now() - started).toBeLessThan(10_000); // the hanging check never ends by itself
  expect(controller.signal.aborted).toBe(true);
  expect(results.map((r) => [r.subject, r.status, r.message])).toEqual([
    ["hangs", "SKIP", expect.stringMatching(/^timed out/)],
    ["quick", "PASS", "done"],
  ]);
});

describe("why a call failed, in one line", () => {
  test.each([
    ["access denied", awsError("UnauthorizedOperation", 403, "You are not authorized to perform this operation."), /^access denied \(ec2:DescribeVpcs\): You are not authorized/],
    ["throttled", awsError("ThrottlingException", 400, "Rate exceeded"), /^throttled after retries \(ec2:DescribeVpcs\)$/],
    ["HTTP 429", awsError("Unknown", 429), /^throttled after retries/],
    ["connection reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), /^the endpoint did not answer \(ec2:DescribeVpcs\): ECONNRESET$/],
    ["attempt timed out", Object.assign(new Error("Connection timed out after 15000 ms"), { name: "TimeoutError" }), /^the endpoint did not answer .*TimeoutError/],
    ["server error", awsError("InternalError", 500, "We encountered an internal error."), /^unexpected response \(ec2:DescribeVpcs\): InternalError \(HTTP 500\): We encountered/],
    ["no credentials", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), /^no AWS credentials/],
  ])("%s", (_label, error, reason) => {
    expect(reasonOf(error, "ec2:DescribeVpcs")).toMatch(reason);
  });
});

describe("the readers", () => {
  const readers = (concurrency: number, controller = new AbortController(), calls: string[] = []) =>
    new AwsReaders({ region: "us-east-1", concurrency, signal: controller.signal, sessionName: () => "unit-test", onCall: (_p, a) => calls.push(a) });
  const principal = { accountId: HUB, roleArn: `arn:aws:iam::${HUB}:role/preflight` };

  test("never have more calls in flight than the concurrency bound", async () => {
    answer(world());
    let inFlight = 0;
    let most = 0;
    mocks.ec2.on(DescribeVpcsCommand).callsFake(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return { Vpcs: [] };
    });
    const aws = readers(3);
    const r = aws.reader(principal);
    await Promise.all(Array.from({ length: 12 }, (_, i) => r.read("ec2:DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: [`vpc-${i}`] }] })));
    aws.destroy();
    expect(most).toBe(3);
  });

  test("make one call for the same read, however many checks ask", async () => {
    answer(world());
    const calls: string[] = [];
    const aws = readers(8, new AbortController(), calls);
    const r = aws.reader(principal);
    const input = { Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }] };
    await Promise.all([r.read("ec2:DescribeVpcs", input), r.read("ec2:DescribeVpcs", input), aws.reader(principal).read("ec2:DescribeVpcs", input)]);
    aws.destroy();
    expect(calls).toEqual(["sts:AssumeRole", "sts:GetCallerIdentity", "ec2:DescribeVpcs"]);
  });

  test("assume the role with a session name that says what it is, once per principal", async () => {
    answer(world());
    const aws = readers(8);
    await Promise.all([aws.reader(principal).identity(), aws.reader(principal).identity()]);
    aws.destroy();
    const assumed = mocks.sts.commandCalls(AssumeRoleCommand);
    expect(assumed.map((c) => c.args[0].input)).toEqual([{ RoleArn: principal.roleArn, RoleSessionName: "unit-test" }]);
  });

  test("pass the external id when assuming, and do not assume a role the run already holds", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: `ASIA${HUB}`, AWS_SECRET_ACCESS_KEY: "secret" });
      delete process.env.AWS_PROFILE;
      answer(world());
      const aws = readers(8);
      await aws.reader({ ...principal, externalId: "shared-secret" }).identity();
      const held = await aws.reader({ accountId: SPOKE, roleArn: `arn:aws:iam::${SPOKE}:role/preflight`, assumesRole: false }).identity();
      aws.destroy();
      expect(mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input))
        .toEqual([{ RoleArn: principal.roleArn, RoleSessionName: "unit-test", ExternalId: "shared-secret" }]);
      // The caller's own credentials (here the hub's): PF-ACC-001 then reports the mismatch.
      expect(held.account).toBe(HUB);
    } finally {
      process.env = saved;
    }
  });

  test("drop calls still waiting when the run is aborted", async () => {
    answer(world());
    mocks.ec2.on(DescribeVpcsCommand).callsFake(() => new Promise(() => undefined));
    const controller = new AbortController();
    const aws = readers(1, controller);
    const r = aws.reader(principal);
    const first = r.read("ec2:DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }] });
    const waiting = r.read("ec2:DescribeVpcs", { Filters: [{ Name: "vpc-id", Values: ["vpc-2"] }] });
    await new Promise((res) => setTimeout(res, 20));
    controller.abort();
    await expect(waiting).rejects.toThrow(/^timed out$/);
    void first.catch(() => undefined);
    aws.destroy();
  });
});
