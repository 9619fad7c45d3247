/** The small Route 53 Profiles client: endpoint settings, SigV4, errors as the SDK shapes them, adaptive retry. */
import { endpointOf, Route53ProfilesClient, Route53ProfilesError } from "../../preflight/route53-profiles";
import { startFakeAws, type FakeAws, type Reply } from "./support/fake-aws";

describe("endpointOf, as the AWS SDKs resolve configured endpoints", () => {
  test.each([
    [{}, "https://route53profiles.eu-west-1.amazonaws.com"],
    [{ AWS_ENDPOINT_URL: "http://127.0.0.1:1" }, "http://127.0.0.1:1"],
    [{ AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_ENDPOINT_URL_ROUTE53PROFILES: "http://127.0.0.1:2" }, "http://127.0.0.1:2"],
    [{ AWS_ENDPOINT_URL: "http://127.0.0.1:1", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" }, "https://route53profiles.eu-west-1.amazonaws.com"],
  ])("%j → %s", (env, url) => {
    expect(endpointOf("eu-west-1", env)).toBe(url);
  });

  test("China Regions use amazonaws.com.cn", () => {
    expect(endpointOf("cn-north-1", {})).toBe("https://route53profiles.cn-north-1.amazonaws.com.cn");
  });
});

describe("against a local endpoint", () => {
  let replies: Reply[] = [];
  let aws: FakeAws;
  beforeAll(async () => { aws = await startFakeAws(() => replies.shift()); });
  afterAll(() => aws.close());
  beforeEach(() => { aws.requests.length = 0; });

  const client = () => new Route53ProfilesClient({
    region: "us-east-1",
    credentials: async () => ({ accessKeyId: "ASIAFAKE222222222222", secretAccessKey: "secret", sessionToken: "token" }),
    env: { AWS_ENDPOINT_URL: aws.url },
  });
  const json = (status: number, body: object, errorType?: string): Reply =>
    ({ status, body: JSON.stringify(body), headers: { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) } });

  test("lists a VPC's profile associations with a signed GET", async () => {
    replies = [json(200, { ProfileAssociations: [{ Id: "rpassoc-1", ProfileId: "rp-1", ResourceId: "vpc-1" }] })];
    const out = await client().listProfileAssociations({ ResourceId: "vpc-1" });
    expect(out.ProfileAssociations).toEqual([{ Id: "rpassoc-1", ProfileId: "rp-1", ResourceId: "vpc-1" }]);
    const [request] = aws.requests;
    expect([request.action, request.params.get("resourceId"), request.account]).toEqual(["/profileassociations", "vpc-1", "222222222222"]);
    expect(String(request.headers.authorization)).toMatch(/Credential=ASIAFAKE222222222222\/\d{8}\/us-east-1\/route53profiles\/aws4_request/);
    expect(request.headers["x-amz-security-token"]).toBe("token");
  });

  test("gets a profile by id", async () => {
    replies = [json(200, { Profile: { Id: "rp-1", Name: "landing", OwnerId: "999999999999" } })];
    expect((await client().getProfile({ ProfileId: "rp-1" })).Profile?.OwnerId).toBe("999999999999");
    expect(aws.requests.map((r) => r.action)).toEqual(["/profile/rp-1"]);
  });

  test("raises the service's error code, as the SDK does, without retrying a client error", async () => {
    replies = [json(403, { message: "User is not authorized" }, "AccessDeniedException:http://internal.amazon.com/coral/")];
    const error = await client().listProfileAssociations({ ResourceId: "vpc-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Route53ProfilesError);
    expect(error).toEqual(expect.objectContaining({ name: "AccessDeniedException", message: "User is not authorized", $metadata: { httpStatusCode: 403 } }));
    expect(aws.requests.length).toBe(1);
  });

  test("retries throttling with the SDK's adaptive strategy, then succeeds", async () => {
    replies = [json(429, { message: "Rate exceeded" }, "ThrottlingException"), json(200, { ProfileAssociations: [] })];
    expect(await client().listProfileAssociations({ ResourceId: "vpc-1" })).toEqual({ ProfileAssociations: [] });
    expect(aws.requests.length).toBe(2);
  });

  test("gives up after 3 attempts", async () => {
    replies = [1, 2, 3, 4].map(() => json(503, { message: "unavailable" }, "ServiceUnavailableException"));
    await expect(client().listProfileAssociations({ ResourceId: "vpc-1" })).rejects.toThrow("unavailable");
    expect(aws.requests.length).toBe(3);
  });
});
