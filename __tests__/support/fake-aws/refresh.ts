/**
 * Counts the AWS API calls of a Terraform refresh: an estate's states are built offline by the apply
 * simulator (hub, dns and the spokes asked for), the fake services answer from them, and a workspace
 * is planned against its state with its provider's endpoints pointed at the fakes through a
 * test-only override (synthesized output unchanged). The skip flags stay on, so nothing leaves the
 * machine: with the endpoints overridden and no credential, metadata or account look-up, the provider
 * has nowhere else to go.
 *
 * Each measured plan is a normal `terraform plan` (refresh, then plan) after one `apply
 * -refresh-only` that records what the fakes answer (the simulator's fake values for what only AWS
 * knows, such as a record's fqdn, become the fakes' answers): the measured plan must then change
 * nothing and find no drift, which `RefreshResult` reports.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Topology } from "../../../config/topology";
import { synthesizeJson } from "../../../stacks/synthesize";
import { ApplySimulator, type TfState } from "../apply-simulator";
import { offlineOverride, terraform, terraformEnv, type OverridableConfig } from "../terraform";
import type { Call, FakeAws } from "./server";
import { World } from "./world";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The services the workspaces use, by the provider's `endpoints` argument. */
export const ENDPOINT_SERVICES = ["ec2", "logs", "ram", "route53", "route53profiles", "sts", "vpclattice"] as const;

/** The account a workspace's provider is pinned to (its one provider's allowed_account_ids). */
export function accountOfConfig(config: Json): string {
  const account = config.provider?.aws?.[0]?.allowed_account_ids?.[0];
  if (typeof account !== "string") throw new Error("the workspace's provider names no account");
  return account;
}

/**
 * The test-only override of terraform.ts with every service endpoint at the fakes and an access key
 * naming the provider's account (`mock-<account id>`), by which the fakes count calls per account.
 */
export function fakeAwsOverride(config: OverridableConfig & Json, remoteStates: Readonly<Record<string, string>>, url: string): Json {
  const override = offlineOverride(config, remoteStates) as Json;
  const accounts = new Map<string | undefined, string>((config.provider?.aws ?? []).map((p: Json) => [p.alias, p.allowed_account_ids?.[0] ?? "000000000000"]));
  override.provider.aws = override.provider.aws.map((p: Json) => ({
    ...p,
    access_key: `mock-${accounts.get(p.alias)}`,
    // Only what fails is retried, and nothing here should fail: one attempt keeps a broken fake quick to see.
    max_retries: 1,
    endpoints: [Object.fromEntries(ENDPOINT_SERVICES.map((s) => [s, url]))],
  }));
  return override;
}

export interface RefreshResult {
  readonly calls: Call[];
  /** Addresses the measured plan would create, update, replace or delete (none expected). */
  readonly changes: string[];
  /** Addresses whose refreshed object differs from the state (none expected). */
  readonly drift: string[];
  readonly unanswered: string[];
  readonly seconds: number;
}

/** A workspace ready to be planned against the fakes: its directory holds configuration, override and state. */
export class RefreshRoot {
  private initialized = false;

  constructor(readonly dir: string, readonly name: string, readonly config: Json) {}

  /** Writes the configuration, the override (remote states read from these files) and the state. */
  write(state: TfState, remoteStates: Readonly<Record<string, string>>, url: string): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, "cdk.tf.json"), JSON.stringify(this.config));
    writeFileSync(join(this.dir, "override.tf.json"), JSON.stringify(fakeAwsOverride(this.config, remoteStates, url)));
    writeFileSync(join(this.dir, "terraform.tfstate"), JSON.stringify(state));
  }

  /** Records the fakes' answers in the state (apply -refresh-only), then measures a plan: calls, changes, drift. */
  async measure(fake: FakeAws): Promise<RefreshResult> {
    if (!this.initialized) {
      await terraform(this.dir, ["init", "-input=false", "-no-color"], terraformEnv());
      this.initialized = true;
    }
    await terraform(this.dir, ["apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color", "-lock=false"]).catch((e: Error) => {
      throw new Error(`${e.message}\nunanswered:\n${fake.unanswered.slice(0, 20).join("\n")}`);
    });
    fake.reset();
    const start = Date.now();
    const out = await terraform(this.dir, ["plan", "-input=false", "-no-color", "-lock=false", "-json", "-out=plan.bin"]).catch((e: Error) => {
      throw new Error(`${e.message}\nunanswered:\n${fake.unanswered.slice(0, 20).join("\n")}`);
    });
    const seconds = (Date.now() - start) / 1000;
    const lines = out.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Json);
    const addressesOf = (type: string) => lines.filter((l) => l.type === type).map((l) => String(l.change?.resource?.addr)).sort();
    return {
      calls: fake.calls(),
      changes: addressesOf("planned_change"),
      drift: addressesOf("resource_drift"),
      unanswered: [...fake.unanswered],
      seconds,
    };
  }
}

export interface BuiltEstate {
  readonly topology: Topology;
  /** Workspace → synthesized JSON. */
  readonly json: Record<string, Json>;
  /** Workspace → state, for the workspaces applied. */
  readonly states: Record<string, TfState>;
  /** Where the states are, as files (remote states read them). */
  readonly stateFiles: Record<string, string>;
  readonly world: World;
}

/**
 * Deploys hub, dns and the given spokes with the apply simulator (under `dir`) and builds the fakes'
 * world from their states. Zone associations of the spokes not applied (a large estate's) are added
 * from the topology, as AWS would hold them: GetHostedZone and ListHostedZonesByVPC see every spoke VPC.
 */
export async function buildEstate(topology: Topology, spokes: readonly string[], dir: string): Promise<BuiltEstate> {
  const json = Object.fromEntries(synthesizeJson(topology).json) as Record<string, Json>;
  const sim = new ApplySimulator(dir, { cache: false });
  try {
    sim.configure(json);
    await sim.apply(["hub"]);
    await sim.apply(["dns"]);
    if (spokes.length > 0) await sim.apply(spokes);
    const names = ["hub", "dns", ...spokes];
    const states = Object.fromEntries(names.map((n) => [n, sim.state(n)!]));
    const stateFiles = Object.fromEntries(names.map((n) => [n, join(dir, "states", `${n}.tfstate`)]));
    const world = new World(names.map((n) => ({ workspace: n, account: accountOfConfig(json[n]), state: states[n] })), topology.region);
    if (topology.dns.mode !== "profile") {
      const zones = states.dns.resources.filter((r) => r.type === "aws_route53_zone").flatMap((r) => r.instances.map((i) => String(i.attributes.id)));
      for (const s of topology.spokes) for (const v of s.vpcs) for (const z of zones) world.associateZone(z, v.vpcId);
    }
    return { topology, json, states, stateFiles, world };
  } finally {
    sim.dispose();
  }
}

/** Calls summed, optionally of one service. */
export const total = (calls: readonly Call[], service?: string) => calls.filter((c) => !service || c.service === service).reduce((n, c) => n + c.count, 0);

/** Calls of one action summed. */
export const ofAction = (calls: readonly Call[], service: string, action: string) => calls.filter((c) => c.service === service && c.action === action).reduce((n, c) => n + c.count, 0);

/** The largest number of calls to one service of one account. */
export function busiestAccount(calls: readonly Call[], service: string): { account: string; count: number } {
  const by = new Map<string, number>();
  for (const c of calls) if (c.service === service) by.set(c.account, (by.get(c.account) ?? 0) + c.count);
  const [account, count] = [...by].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  return { account, count };
}
