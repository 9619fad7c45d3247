/**
 * fast-check generators of topology files (the raw input, before defaults): valid ones of random
 * size, names, ports, CIDRs and backends, and single-field mutations that make one invalid.
 */
import fc from "fast-check";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawTopology = Record<string, any>;
export type Path = (string | number)[];

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"];
const ZONES = ["privatelink.snowflakecomputing.com", "privatelink.example.com", "db.partner.io", "vendor.internal.example.net"];
/** CloudWatch Logs periods of at least a year: what the validator accepts (see properties.test.ts). */
const YEAR_OR_MORE = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const hex = (n: number | bigint, width: number) => n.toString(16).padStart(width, "0");
const awsId = (prefix: string) => fc.bigInt({ min: 0n, max: (1n << 68n) - 1n }).map((n) => `${prefix}-${hex(n, 17)}`);
const account = fc.integer({ min: 0, max: 999_999_999 }).map((n) => `1${String(n).padStart(11, "0")}`);
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/);
const itemName = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,18}[a-z0-9]$/);
const role = (acct: string, name: string) => `arn:aws:iam::${acct}:role/${name}`;

const ipv4Cidr = (ip: number, prefix: number) => {
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  const n = (ip & mask) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`;
};

/**
 * An IPv4 or IPv6 network address with its prefix (host bits clear, prefix > 0) that a client
 * network may have: any /16 or narrower, wider blocks only inside 10.0.0.0/8 (a public range wider
 * than /16, or /32 for IPv6, is refused: rule LAT020).
 */
export const cidr = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 0xffffffff }), fc.integer({ min: 16, max: 30 })).map(([ip, prefix]) => ipv4Cidr(ip, prefix)),
  fc.tuple(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 8, max: 15 })).map(([ip, prefix]) => ipv4Cidr((10 << 24) | ip, prefix)),
  fc.tuple(fc.integer({ min: 0x2001, max: 0x2fff }), fc.integer({ min: 1, max: 0xffff }), fc.constantFrom(32, 48))
    .map(([a, b, prefix]) => (prefix === 32 ? `${a.toString(16)}:${b.toString(16)}::/32` : `${a.toString(16)}:${b.toString(16)}:1::/48`)),
);

/** 1–3 disjoint port entries ("N" or "A-B"), in random order. */
const ports = fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 6 })
  .chain((ps) => fc.tuple(fc.constant([...ps].sort((a, b) => a - b)), fc.array(fc.boolean(), { minLength: ps.length, maxLength: ps.length })))
  .map(([sorted, asRange]) => {
    const out: string[] = [];
    for (let i = 0; i < sorted.length && out.length < 3; i++) {
      if (asRange[i] && i + 1 < sorted.length) {
        out.push(`${sorted[i]}-${sorted[i + 1]}`);
        i++;
      } else out.push(String(sorted[i]));
    }
    return out;
  })
  .chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }));

const tagKey = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.:/=+@-]{0,15}$/).filter((k) => !k.toLowerCase().startsWith("aws:"));
const tagValue = fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,20}$/);

const backend = fc.oneof(
  fc.constant(undefined),
  fc.constant({ type: "local" }),
  fc.record({
    type: fc.constant("s3"),
    bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,20}[a-z0-9]$/).filter((b) => !b.startsWith("xn--") && !b.startsWith("sthree-")),
    region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
    keyPrefix: fc.option(fc.stringMatching(/^[a-z0-9-]{1,10}(\/[a-z0-9-]{1,10})?$/), { nil: undefined }),
  }, { requiredKeys: ["type", "bucket"] }),
  fc.record({
    type: fc.constant("cloud"),
    organization: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
    workspacePrefix: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
  }),
);

/** A valid topology: every field within its rules and every cross-field rule kept. */
export const validTopology: fc.Arbitrary<RawTopology> = fc
  .record({
    name: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,22}[a-z0-9]$/),
    region: fc.constantFrom(...REGIONS),
    tags: fc.option(fc.dictionary(tagKey, tagValue, { maxKeys: 3 }), { nil: undefined }),
    protect: fc.option(fc.boolean(), { nil: undefined }),
    backend,
    accounts: fc.uniqueArray(account, { minLength: 6, maxLength: 6 }),
    ids: fc.uniqueArray(awsId("vpc"), { minLength: 14, maxLength: 14 }),
    subnets: fc.uniqueArray(awsId("subnet"), { minLength: 1, maxLength: 3 }),
    ipAddressType: fc.option(fc.constantFrom("IPV4", "IPV6", "DUALSTACK"), { nil: undefined }),
    logRetentionDays: fc.option(fc.constantFrom(...YEAR_OR_MORE), { nil: undefined }),
    logKms: fc.boolean(),
    endpoints: fc.uniqueArray(
      fc.record({
        name: itemName,
        svc: fc.bigInt({ min: 0n, max: (1n << 68n) - 1n }),
        ports,
        zone: fc.constantFrom(...ZONES),
        records: fc.uniqueArray(fc.oneof(label, fc.tuple(label, label).map(([a, b]) => `${a}.${b}`)), { minLength: 1, maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 4, selector: (e) => e.name },
    ),
    spokes: fc.uniqueArray(
      fc.record({
        name: itemName,
        accountIndex: fc.integer({ min: 0, max: 5 }),
        outside: fc.boolean(),
        withRole: fc.boolean(),
        vpcs: fc.array(
          fc.oneof(
            fc.record({ clientCidrs: fc.uniqueArray(cidr, { minLength: 1, maxLength: 3 }) }),
            fc.record({ securityGroupIds: fc.uniqueArray(awsId("sg"), { minLength: 1, maxLength: 5 }) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: 4, selector: (s) => s.name },
    ),
    adoptZones: fc.subarray(ZONES),
    dnsVpc: fc.boolean(),
    ttl: fc.option(fc.integer({ min: 0, max: 86400 }), { nil: undefined }),
  })
  .map((g) => {
    const [hubAccount, dnsAccount] = g.accounts;
    const vpcIds = [...g.ids];
    const hubVpc = vpcIds.pop() as string;
    const dnsVpc = vpcIds.pop() as string;

    // Records are unique per zone across endpoints: suffix them with the endpoint's index.
    const endpoints = g.endpoints.map((e, i) => ({
      name: e.name,
      serviceName: `com.amazonaws.vpce.${g.region}.vpce-svc-${hex(e.svc, 17)}`,
      ports: e.ports,
      dns: { zone: e.zone, records: e.records.map((r) => (i === 0 ? r : `${r}${i}`)) },
    }));
    const usedZones = [...new Set(endpoints.map((e) => e.dns.zone))];
    const adopted = g.adoptZones.filter((z) => usedZones.includes(z));

    // One organization status per account; the hub's own account is always "in", and an account
    // outside the organization has one spoke (its workspace accepts the share).
    const outside = new Map<string, boolean>();
    const spokesOf = (accountId: string) => g.spokes.filter((x) => g.accounts[x.accountIndex] === accountId).length;
    const spokes = g.spokes.map((s) => {
      const accountId = g.accounts[s.accountIndex];
      if (!outside.has(accountId)) outside.set(accountId, s.outside && accountId !== hubAccount && spokesOf(accountId) === 1);
      const vpcs = s.vpcs.map((v) => ({ vpcId: vpcIds.pop() as string, ...v }));
      const needsRole = accountId !== dnsAccount; // the dns workspace associates VPCs with the spoke's credentials
      return {
        name: s.name,
        accountId,
        ...(needsRole || s.withRole ? { roleArn: role(accountId, `deploy-${s.name}`) } : {}),
        ...(outside.get(accountId) ? { inOrganization: false } : {}),
        vpcs,
      };
    }); // 14 ids: hub, dns and at most 4 spokes × 3 VPCs

    const topology: RawTopology = {
      name: g.name,
      region: g.region,
      ...(g.tags ? { tags: g.tags } : {}),
      ...(g.protect !== undefined ? { protect: g.protect } : {}),
      ...(g.backend ? { backend: g.backend } : {}),
      hub: {
        accountId: hubAccount,
        roleArn: role(hubAccount, "lattice-deploy"),
        vpcId: hubVpc,
        subnetIds: g.subnets,
        ...(g.ipAddressType ? { ipAddressType: g.ipAddressType } : {}),
        ...(g.logRetentionDays ? { logRetentionDays: g.logRetentionDays } : {}),
        ...(g.logKms ? { logKmsKeyArn: `arn:aws:kms:${g.region}:${hubAccount}:key/0c1f1c53-0000-4000-8000-000000000001` } : {}),
      },
      endpoints,
      spokes,
      dns: {
        accountId: dnsAccount,
        roleArn: role(dnsAccount, "lattice-deploy"),
        // A zone the topology creates needs a VPC of the Route 53 account.
        ...(adopted.length < usedZones.length || g.dnsVpc ? { vpcId: dnsVpc } : {}),
        ...(adopted.length > 0 ? { zones: Object.fromEntries(adopted.map((z, i) => [z, `Z0${hex(i + 1, 4).toUpperCase()}ABCDEFGHIJKLMN`])) } : {}),
        ...(g.ttl !== undefined ? { ttl: g.ttl } : {}),
      },
    };
    return topology;
  });

export interface Mutation {
  /** The mutated field's path, as the loader prints it (formatPath). */
  readonly path: Path;
  readonly description: string;
  readonly topology: RawTopology;
}

const pick = <T>(items: readonly T[]) => fc.constantFrom(...items);

/** Where in `t` a field can be broken, and what to break it with. */
function candidates(t: RawTopology): fc.Arbitrary<{ path: Path; value: unknown; remove?: boolean }>[] {
  const at = (path: Path, values: readonly unknown[]) => pick(values).map((value) => ({ path, value }));
  const out: fc.Arbitrary<{ path: Path; value: unknown; remove?: boolean }>[] = [
    at(["name"], ["AB", "Has_Upper", "x".repeat(30), 42, ""]),
    at(["region"], ["mars-east-1x", "US-EAST-1", "", "us-east"]),
    at(["hub", "accountId"], ["12345", 111111111111, "abcdefghijkl", null]),
    at(["hub", "vpcId"], ["vpc-123", "subnet-0a1b2c3d", ""]),
    at(["hub", "ipAddressType"], ["IPV5", "ipv4", 4]),
    at(["hub", "logRetentionDays"], [42, "365", -1]),
    at(["hub", "subnetIds"], [[], "subnet-0a1b2c3d"]),
    at(["dns", "accountId"], ["x", 333]),
    at(["dns", "ttl"], [-5, 1.5, "300"]),
    at(["protect"], ["yes", 1]),
    at(["tags"], [["a"], "owner=x"]),
    at(["endpoints"], [[], {}]),
    at(["spokes"], [[], "payments"]),
    at(["hub", "bogus"], [true]),
    at(["dns", "bogus"], [1]),
    at(["bogus"], ["x"]),
    fc.constant({ path: ["hub", "vpcId"], value: undefined, remove: true }),
    fc.constant({ path: ["dns", "accountId"], value: undefined, remove: true }),
  ];
  t.hub.subnetIds.forEach((_: string, i: number) => out.push(at(["hub", "subnetIds", i], ["subnet-zz", 7, "vpc-0123456789abcdef0"])));
  t.endpoints.forEach((e: RawTopology, i: number) => {
    out.push(at(["endpoints", i, "name"], ["A", "bad name", "x".repeat(25)]));
    out.push(at(["endpoints", i, "serviceName"], ["nope", `com.amazonaws.vpce.mars-east-9.vpce-svc-0123456789abcdef0`]));
    out.push(at(["endpoints", i, "dns", "zone"], ["bad..zone", "", "a".repeat(64) + ".com"]));
    out.push(at(["endpoints", i, "bogus"], [1]));
    out.push(fc.constant({ path: ["endpoints", i, "serviceName"], value: undefined, remove: true }));
    e.ports.forEach((_: string, j: number) => out.push(at(["endpoints", i, "ports", j], ["0", "70000", "443-80", "abc", true])));
    e.dns.records.forEach((_: string, j: number) => out.push(at(["endpoints", i, "dns", "records", j], ["@", "bad label!", "a..b", 5])));
  });
  t.spokes.forEach((s: RawTopology, i: number) => {
    out.push(at(["spokes", i, "name"], ["X", "has space"]));
    out.push(at(["spokes", i, "accountId"], ["1234", 222222222222]));
    out.push(at(["spokes", i, "roleArn"], ["arn:aws:iam::999999999998:role/elsewhere", "not-an-arn"]));
    out.push(at(["spokes", i, "inOrganization"], ["no", 0]));
    out.push(at(["spokes", i, "vpcs"], [[], "vpc-0123456789abcdef0"]));
    s.vpcs.forEach((v: RawTopology, j: number) => {
      out.push(at(["spokes", i, "vpcs", j, "vpcId"], ["vpc-xyz", t.hub.vpcId]));
      out.push(at(["spokes", i, "vpcs", j, "bogus"], [1]));
      (v.clientCidrs ?? []).forEach((_: string, k: number) =>
        out.push(at(["spokes", i, "vpcs", j, "clientCidrs", k], ["10.0.0.1/8", "300.1.2.3/8", "0.0.0.0/0", "::/0", "nope", 10])));
      (v.securityGroupIds ?? []).forEach((_: string, k: number) =>
        out.push(at(["spokes", i, "vpcs", j, "securityGroupIds", k], ["sg-xyz", "vpc-0123456789abcdef0"])));
    });
  });
  return out;
}

/** A valid topology with exactly one field broken. */
export const invalidTopology: fc.Arbitrary<Mutation> = validTopology.chain((t) =>
  fc.oneof(...candidates(t)).map(({ path, value, remove }) => {
    const copy = structuredClone(t);
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (remove) delete parent[last];
    else parent[last] = value;
    return { path, description: `${remove ? "remove" : `set to ${JSON.stringify(value)}`}`, topology: copy };
  }),
);
