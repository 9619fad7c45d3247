/**
 * Rules that relate several fields of a topology that already has the right shape.
 */
import { FAMILY_NAME, isWidePublic, parseCidr, WIDEST_PUBLIC_PREFIX, wholeFamiliesCovered } from "./cidrs";
import { recordNameProblem } from "./dns-names";
import { quote } from "./input";
import { parsePortEntry, type PortRange } from "./ports";
import { endpointServicePattern, KMS_KEY_ARN, MIN_LOG_RETENTION_DAYS, OIDC_PROVIDER_ARN, QUOTAS, ROLE_ARN, SNS_TOPIC_ARN } from "./rules";
import { partitionOf } from "./estate";
import { HCP_DEFAULT_HOSTNAME, oidcIssuer, roleNameAndPath } from "./identity";
import type { TopologyInput as Topology } from "./schema";
import { formatPath, type Path, type Problem } from "./problems";

export { formatPath, type Path, type Problem } from "./problems";

/** IAM: a role's path is at most 512 characters. */
const MAX_ROLE_PATH = 512;

/** Returns the problems (errors) and warnings of a shaped topology; quotas are judged on its estate (quotas.ts). */
export function checkTopology(t: Topology): { problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const fail = (path: Path, message: string) => problems.push({ path, message });

  // Roles must live in the account the provider is pinned to (allowed_account_ids).
  const roleInAccount = (path: Path, role: string | undefined, accountId: string) => {
    const roleAccount = role ? ROLE_ARN.exec(role)?.[2] : undefined;
    if (roleAccount && roleAccount !== accountId) {
      fail([...path, "roleArn"], `role of account ${roleAccount} cannot deploy into account ${accountId}`);
    }
  };
  roleInAccount(["hub"], t.hub.roleArn, t.hub.accountId);
  if (t.identity) checkIdentity(t, t.identity, fail);
  roleInAccount(["dns"], t.dns.roleArn, t.dns.accountId);
  t.spokes.forEach((s, i) => roleInAccount(["spokes", i], s.roleArn, s.accountId));

  if (t.hub.logRetentionDays < MIN_LOG_RETENTION_DAYS) {
    fail(["hub", "logRetentionDays"],
      `${t.hub.logRetentionDays} days is under a year; access logs are kept at least ${MIN_LOG_RETENTION_DAYS} days (rule LAT007)`);
  }
  unique(t.hub.subnetIds, (id) => id, ["hub", "subnetIds"], "subnet", fail);
  if (t.hub.retiringSubnetIds) {
    unique(t.hub.retiringSubnetIds, (id) => id, ["hub", "retiringSubnetIds"], "subnet", fail);
    if (t.hub.gatewayGeneration < 2) fail(["hub", "retiringSubnetIds"], "keeps the gateway of the generation before: raise gatewayGeneration (2 or more) for the new subnets' gateway");
    const retired = t.endpoints.findIndex((e) => e.retired);
    if (retired >= 0) fail(["hub", "retiringSubnetIds"], `one transition at a time: endpoint "${t.endpoints[retired].name}" is retired; delete it (or bring it back) before replacing the gateway`);
  }
  unique(t.endpoints, (e) => e.name, ["endpoints"], "endpoint name", fail, "name");
  unique(t.spokes, (s) => s.name, ["spokes"], "spoke name", fail, "name");
  earlierNames(t.endpoints, "endpoint", fail);
  earlierNames(t.spokes, "spoke", fail);
  if (t.endpoints.every((e) => e.retired)) fail(["endpoints"], "needs at least 1 endpoint that is not retired");

  if (t.monitoring) checkMonitoring(t, t.monitoring, fail);
  if (t.dns.retiringMode === t.dns.mode) fail(["dns", "retiringMode"], `is the mode itself (${t.dns.mode}); name the mode the spokes are leaving, or remove the field`);

  const service = endpointServicePattern(t.region);
  t.endpoints.forEach((e, i) => {
    if (!service.test(e.serviceName)) {
      fail(["endpoints", i, "serviceName"],
        `${quote(e.serviceName)} is not an endpoint service of ${t.region} (com.amazonaws.vpce.${t.region}.vpce-svc-…)`);
    }
    const ranges = e.ports.map((p) => parsePortEntry(p)).filter((r): r is PortRange => r !== undefined);
    ranges.forEach((r, j) => {
      const k = ranges.findIndex((o, n) => n < j && o.from <= r.to && r.from <= o.to);
      if (k >= 0) fail(["endpoints", i, "ports", j], `${JSON.stringify(e.ports[j])} overlaps ${JSON.stringify(e.ports[k])}`);
    });
  });

  // Records: valid names, unique within their zone across every endpoint that uses the zone. A
  // retired endpoint's records are free: another endpoint may take them over in the same change.
  const recordOwner = new Map<string, string>();
  t.endpoints.forEach((e, i) => {
    if (e.retired) return;
    e.dns.records.forEach((record, j) => {
      const path = ["endpoints", i, "dns", "records", j];
      const problem = recordNameProblem(record, e.dns.zone);
      const key = `${record}.${e.dns.zone}`;
      const owner = recordOwner.get(key);
      if (problem) fail(path, `${quote(record)} ${problem}`);
      else if (owner) fail(path, `"${key}" is already a record of ${owner}; names are unique per zone`);
      else recordOwner.set(key, `endpoint "${e.name}"`);
    });
  });

  // Zones: adopted ones must be used; created ones need a VPC of the Route 53 account.
  const usedZones = new Set(t.endpoints.map((e) => e.dns.zone));
  for (const zone of Object.keys(t.dns.zones)) {
    if (!usedZones.has(zone)) fail(["dns", "zones", zone], "no endpoint uses this zone (dns.zone of an endpoint)");
  }
  // Own keys only: a zone named "constructor" is not adopted by Object.prototype.
  const created = [...usedZones].filter((z) => !Object.hasOwn(t.dns.zones, z));
  if (created.length > 0 && !t.dns.vpcId) {
    fail(["dns", "vpcId"], `is required to create the private hosted zone(s) ${created.join(", ")} (or adopt them in dns.zones)`);
  }
  // A private hosted zone is created with a VPC of its own account: a VPC of another account's spoke
  // (or of the hub) cannot be it. A spoke VPC in the Route 53 account can.
  if (t.dns.vpcId) {
    const spoke = t.spokes.find((s) => s.vpcs.some((v) => v.vpcId === t.dns.vpcId));
    const owner = spoke ? { what: `a VPC of spoke "${spoke.name}"`, accountId: spoke.accountId }
      : t.dns.vpcId === t.hub.vpcId ? { what: "the hub VPC", accountId: t.hub.accountId } : undefined;
    if (owner && owner.accountId !== t.dns.accountId) {
      fail(["dns", "vpcId"], `${t.dns.vpcId} is ${owner.what}, in account ${owner.accountId}; zones are created with a VPC of the Route 53 account ${t.dns.accountId}`);
    }
  }

  // VPCs: once across the file (a retiring spoke's may move to another spoke); the hub VPC is never a spoke.
  const vpcOwner = new Map<string, string>();
  // A subnet is in one VPC: endpoint-mode subnets are the hub's or another VPC's by mistake.
  const subnetOwner = new Map<string, string>([...t.hub.subnetIds, ...(t.hub.retiringSubnetIds ?? [])].map((id) => [id, `the hub VPC ${t.hub.vpcId}`]));
  t.spokes.forEach((s, i) =>
    s.vpcs.forEach((v, j) => {
      const path = ["spokes", i, "vpcs", j, "vpcId"];
      // A retiring spoke creates nothing: its VPCs may join another spoke in the same change.
      if (s.retired) return;
      const owner = vpcOwner.get(v.vpcId);
      if (owner) fail(path, `${v.vpcId} already appears in ${owner}; a VPC has one service-network association`);
      else if (v.vpcId === t.hub.vpcId) fail(path, `${v.vpcId} is the hub VPC; it reaches the endpoints directly`);
      else vpcOwner.set(v.vpcId, `spoke "${s.name}"`);
      unique(v.clientCidrs ?? [], (c) => c, ["spokes", i, "vpcs", j, "clientCidrs"], "CIDR block", fail);
      // Coverage, not spelling: 0.0.0.0/1 + 128.0.0.0/1 is as open as 0.0.0.0/0.
      for (const family of wholeFamiliesCovered(v.clientCidrs ?? [])) {
        fail(["spokes", i, "vpcs", j, "clientCidrs"],
          `together cover the whole ${FAMILY_NAME[family]} address space, as /0 would; name the client networks (rule LAT019)`);
      }
      (v.clientCidrs ?? []).forEach((cidr, k) => {
        const block = parseCidr(cidr);
        if (block && block.prefix > 0 && isWidePublic(block)) {
          fail(["spokes", i, "vpcs", j, "clientCidrs", k],
            `${JSON.stringify(cidr)} is a public range wider than /${WIDEST_PUBLIC_PREFIX[block.family]}; clients are networks of the VPC (rule LAT020)`);
        }
      });
      unique(v.securityGroupIds ?? [], (g) => g, ["spokes", i, "vpcs", j, "securityGroupIds"], "security group", fail);
      checkEndpointAccess(v, ["spokes", i, "vpcs", j], subnetOwner, fail);
    }),
  );

  const outside = new Map<string, boolean>();
  const acceptor = new Map<string, string>();
  t.spokes.forEach((s, i) => {
    if (!s.inOrganization && s.accountId === t.hub.accountId) {
      fail(["spokes", i, "inOrganization"], "a spoke in the hub's account uses the service network without a share; remove inOrganization: false");
    }
    const seen = outside.get(s.accountId);
    if (seen !== undefined && seen !== !s.inOrganization) {
      fail(["spokes", i, "inOrganization"], `account ${s.accountId} is in and out of the organization in different spokes`);
    }
    outside.set(s.accountId, !s.inOrganization);
    // Its workspace accepts the RAM share for the whole account: a second spoke of the account would
    // depend on it, and removing the first would withdraw the share from both.
    if (!s.inOrganization && s.accountId !== t.hub.accountId) {
      const first = acceptor.get(s.accountId);
      if (first) {
        fail(["spokes", i, "accountId"],
          `account ${s.accountId} is outside the organization and already spoke "${first}"; list all its VPCs in that one spoke`);
      } else acceptor.set(s.accountId, s.name);
    }
  });

  if (t.endpoints.length > QUOTAS.interfaceEndpointsPerVpc) {
    warnings.push({ path: ["endpoints"],
      message: `${t.endpoints.length} endpoints exceed the default quota of ${QUOTAS.interfaceEndpointsPerVpc} interface endpoints per VPC` });
  }
  return { problems, warnings };
}

/**
 * Endpoint mode (docs/endpoint-access.md): subnets unique, in no other VPC of the file; the resolver's
 * subnets unique and its networks held to the client rules (no whole address space, no wide public
 * range). Whether a subnet is in the VPC and in an Availability Zone of the resource gateway cannot be
 * known offline (the topology names subnets, not their zones): preflight's to check.
 */
function checkEndpointAccess(v: Topology["spokes"][number]["vpcs"][number], at: Path, subnetOwner: Map<string, string>,
  fail: (path: Path, message: string) => void): void {
  const claim = (ids: readonly string[], field: Path) => {
    unique(ids, (id) => id, [...at, ...field], "subnet", fail);
    ids.forEach((id, k) => {
      const owner = subnetOwner.get(id);
      if (owner && owner !== `VPC ${v.vpcId}`) fail([...at, ...field, k], `${id} is already a subnet of ${owner}; a subnet belongs to one VPC`);
      else subnetOwner.set(id, `VPC ${v.vpcId}`);
    });
  };
  claim(v.subnetIds ?? [], ["subnetIds"]);
  if (!v.resolver) return;
  claim(v.resolver.inboundSubnetIds, ["resolver", "inboundSubnetIds"]);
  const cidrs = v.resolver.allowedCidrs;
  const path = [...at, "resolver", "allowedCidrs"];
  unique(cidrs, (c) => c, path, "CIDR block", fail);
  for (const family of wholeFamiliesCovered(cidrs)) {
    fail(path, `together cover the whole ${FAMILY_NAME[family]} address space, as /0 would; name the on-premises networks of the DNS forwarders (rule LAT019)`);
  }
  cidrs.forEach((cidr, k) => {
    const block = parseCidr(cidr);
    if (block && block.prefix > 0 && isWidePublic(block)) {
      fail([...path, k], `${JSON.stringify(cidr)} is a public range wider than /${WIDEST_PUBLIC_PREFIX[block.family]}; DNS clients are networks of yours (rule LAT020)`);
    }
  });
}

/**
 * With an identity, `npm run bootstrap` creates every workspace's deploy role: each needs a roleArn,
 * IAM names a role once per account, an adopted OIDC provider is the issuer's and in an account that
 * holds a role, and HCP Terraform runs the workspaces whose state it keeps.
 */
function checkIdentity(t: Topology, identity: NonNullable<Topology["identity"]>, fail: (path: Path, message: string) => void): void {
  const roles: { path: Path; accountId: string; roleArn: string | undefined }[] = [
    { path: ["hub"], accountId: t.hub.accountId, roleArn: t.hub.roleArn },
    { path: ["dns"], accountId: t.dns.accountId, roleArn: t.dns.roleArn },
    ...t.spokes.map((s, i) => ({ path: ["spokes", i], accountId: s.accountId, roleArn: s.roleArn })),
  ];
  const byName = new Map<string, string>();
  for (const r of roles) {
    if (!r.roleArn) {
      fail([...r.path, "roleArn"], `is required with identity: the deploy role npm run bootstrap creates in account ${r.accountId} for ${identity.type}`);
      continue;
    }
    const { name, path } = roleNameAndPath(r.roleArn);
    if (path.length > MAX_ROLE_PATH) fail([...r.path, "roleArn"], `has a path of ${path.length} characters; IAM allows at most ${MAX_ROLE_PATH}`);
    // IAM role names are unique per account, without regard to case or path.
    const key = `${r.accountId}/${name.toLowerCase()}`;
    const other = byName.get(key);
    if (other !== undefined && other !== r.roleArn) {
      fail([...r.path, "roleArn"], `names role "${name}" of account ${r.accountId}, which is already ${other}; IAM role names are unique per account (case-insensitive)`);
    } else byName.set(key, r.roleArn);
  }

  if (identity.type === "hcp-terraform") {
    const b = t.backend;
    if (b.type !== "cloud") {
      fail(["backend", "type"], `is ${b.type}, but identity type hcp-terraform runs the workspaces in HCP Terraform (dynamic credentials exist only in its runs) and keeps their state there: use backend type cloud`);
    } else {
      if (b.organization !== identity.organization) {
        fail(["identity", "organization"], `${quote(identity.organization)} is not the cloud backend's organization ${quote(b.organization)}; the workspaces and their runs live in one organization`);
      }
      const hostname = identity.hostname ?? HCP_DEFAULT_HOSTNAME;
      if ((b.hostname ?? HCP_DEFAULT_HOSTNAME) !== hostname) {
        fail(["identity", "hostname"], `${quote(hostname)} is not the cloud backend's hostname ${quote(b.hostname ?? HCP_DEFAULT_HOSTNAME)}; the runs' tokens come from where the workspaces are`);
      }
    }
  }

  if (identity.type !== "principal") {
    const issuer = oidcIssuer(identity);
    const accounts = new Set(roles.filter((r) => r.roleArn).map((r) => r.accountId));
    const adopted = new Map<string, number>();
    (identity.oidcProviderArn ?? []).forEach((arn, i) => {
      const [, , accountId, host] = OIDC_PROVIDER_ARN.exec(arn)!;
      const path = ["identity", "oidcProviderArn", ...(identity.oidcProviderArn!.length > 1 ? [i] : [])];
      if (host !== issuer.host) fail(path, `${quote(arn)} is the OIDC provider of ${host}, not of the issuer ${issuer.host}`);
      else if (!accounts.has(accountId)) fail(path, `${quote(arn)} is in account ${accountId}, where no workspace's deploy role lives`);
      else if (adopted.has(accountId)) fail(path, `${quote(arn)}: account ${accountId} already adopts the provider at oidcProviderArn[${adopted.get(accountId)}]; IAM has one per issuer and account`);
      else adopted.set(accountId, i);
    });
  }
}

/**
 * `renamedFrom`: each earlier name is nobody's current name, belongs to one item only, and is not
 * its own name; a move to a name in use would collide with what is deployed there.
 */
function earlierNames(items: readonly { name: string; renamedFrom?: string[] }[], what: string,
  fail: (path: Path, message: string) => void): void {
  const current = new Map(items.map((item, i) => [item.name, i]));
  const claimed = new Map<string, number>();
  items.forEach((item, i) => (item.renamedFrom ?? []).forEach((old, j) => {
    const path = [`${what}s`, i, "renamedFrom", ...(item.renamedFrom!.length > 1 ? [j] : [])];
    const other = current.get(old);
    if (old === item.name) fail(path, `"${old}" is the ${what}'s own name; renamedFrom names earlier ones`);
    else if (other !== undefined) fail(path, `"${old}" is the name of ${what}s[${other}]; a ${what} cannot take over a name still in use`);
    else if (claimed.has(old)) fail(path, `"${old}" is already an earlier name of ${what}s[${claimed.get(old)}]`);
    else claimed.set(old, i);
  }));
}

function unique<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: Path,
  what: string,
  fail: (path: Path, message: string) => void,
  field?: string,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const j = first.get(k);
    const at = field ? [...path, i, field] : [...path, i];
    if (j !== undefined) fail(at, `duplicate ${what} ${JSON.stringify(k)} (also at ${formatPath([...path, j])})`);
    else first.set(k, i);
  });
}

/**
 * CloudWatch notifies only a topic of its own Region (and partition); a created topic's key is the
 * topology's to choose, an existing topic keeps its own.
 */
function checkMonitoring(t: Topology, m: NonNullable<Topology["monitoring"]>, fail: (path: Path, message: string) => void): void {
  const partition = partitionOf(t.region);
  const topic = m.topicArn ? SNS_TOPIC_ARN.exec(m.topicArn) : null;
  if (topic && (topic[1] !== partition || topic[4] !== t.region)) {
    fail(["monitoring", "topicArn"], `${quote(m.topicArn)} is a topic of ${topic[4]} (${topic[1]}); alarms of ${t.region} notify only a topic of ${t.region} (arn:${partition}:sns:${t.region}:…)`);
  }
  if (m.topicArn && m.kmsKeyArn) {
    fail(["monitoring", "kmsKeyArn"], "is only for the topic lattice-endpoints creates; the topic of topicArn keeps its own encryption");
  }
  const key = m.kmsKeyArn ? /^arn:([^:]+):kms:([^:]+):/.exec(m.kmsKeyArn) : null;
  if (key && KMS_KEY_ARN.test(m.kmsKeyArn!) && (key[1] !== partition || key[2] !== t.region)) {
    fail(["monitoring", "kmsKeyArn"], `${quote(m.kmsKeyArn)} is a key of ${key[2]}; the topic of ${t.region} needs a key of ${t.region}`);
  }
  if (m.thresholds.breachingMinutes > m.thresholds.evaluationMinutes) {
    fail(["monitoring", "thresholds", "breachingMinutes"],
      `${m.thresholds.breachingMinutes} minutes cannot breach within ${m.thresholds.evaluationMinutes} evaluated (evaluationMinutes)`);
  }
}
