/**
 * What the fake AWS services know: the resource instances of Terraform states (each workspace's
 * state, in the account its provider is pinned to), indexed by type and id. The fakes answer every
 * read from these attributes, so a refresh finds what the state holds. Facts that no loaded state
 * holds but AWS would know (the spoke VPCs of spokes whose state is not loaded, associated with a
 * zone) are added with `associateZone`.
 */
import type { TfState } from "../apply-simulator";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Attributes = Record<string, any>;

export interface Instance {
  readonly type: string;
  readonly account: string;
  readonly workspace: string;
  readonly attributes: Attributes;
}

export interface LoadedState {
  readonly workspace: string;
  /** The account the workspace's provider is pinned to. */
  readonly account: string;
  readonly state: TfState;
}

export class World {
  readonly region: string;
  private readonly byType = new Map<string, Instance[]>();
  private readonly byTypeAndId = new Map<string, Instance>();
  /** zone id → VPC ids associated with it (beyond those of loaded states). */
  private readonly extraZoneVpcs = new Map<string, Set<string>>();
  private zoneVpcCache: Map<string, { vpcId: string; region: string }[]> | undefined;
  private vpcZoneCache: Map<string, string[]> | undefined;

  constructor(states: readonly LoadedState[], region = "us-east-1") {
    this.region = region;
    for (const { workspace, account, state } of states) {
      for (const r of state.resources) {
        if (r.mode !== "managed") continue;
        for (const i of r.instances) this.add({ type: r.type, account, workspace, attributes: i.attributes });
      }
    }
  }

  add(instance: Instance): void {
    const list = this.byType.get(instance.type) ?? [];
    list.push(instance);
    this.byType.set(instance.type, list);
    const id = instance.attributes.id;
    if (typeof id === "string") this.byTypeAndId.set(`${instance.type}\0${id}`, instance);
    this.zoneVpcCache = undefined;
    this.vpcZoneCache = undefined;
  }

  /** A VPC associated with a zone by a workspace whose state is not loaded (a spoke of a large estate). */
  associateZone(zoneId: string, vpcId: string): void {
    const set = this.extraZoneVpcs.get(zoneId) ?? new Set<string>();
    set.add(vpcId);
    this.extraZoneVpcs.set(zoneId, set);
    this.zoneVpcCache = undefined;
    this.vpcZoneCache = undefined;
  }

  all(type: string): readonly Instance[] {
    return this.byType.get(type) ?? [];
  }

  byId(type: string, id: string): Instance | undefined {
    return this.byTypeAndId.get(`${type}\0${id}`);
  }

  find(type: string, match: (a: Attributes) => boolean): Instance | undefined {
    return this.all(type).find((i) => match(i.attributes));
  }

  /** The VPCs associated with a zone: its own `vpc` blocks, every zone association, and the added ones. */
  zoneVpcs(zoneId: string): readonly { vpcId: string; region: string }[] {
    this.index();
    return this.zoneVpcCache!.get(zoneId) ?? [];
  }

  /** The zones a VPC is associated with. */
  vpcZones(vpcId: string): readonly string[] {
    this.index();
    return this.vpcZoneCache!.get(vpcId) ?? [];
  }

  private index(): void {
    if (this.zoneVpcCache && this.vpcZoneCache) return;
    const zoneVpcs = new Map<string, Map<string, string>>();
    const put = (zone: string, vpc: string, region: string) => {
      const m = zoneVpcs.get(zone) ?? new Map<string, string>();
      if (!m.has(vpc)) m.set(vpc, region);
      zoneVpcs.set(zone, m);
    };
    for (const z of this.all("aws_route53_zone")) for (const v of z.attributes.vpc ?? []) put(z.attributes.id, v.vpc_id, v.vpc_region ?? this.region);
    for (const a of this.all("aws_route53_zone_association")) put(a.attributes.zone_id, a.attributes.vpc_id, a.attributes.vpc_region ?? this.region);
    for (const [zone, vpcs] of this.extraZoneVpcs) for (const v of vpcs) put(zone, v, this.region);
    this.zoneVpcCache = new Map([...zoneVpcs].map(([z, m]) => [z, [...m].map(([vpcId, region]) => ({ vpcId, region }))]));
    this.vpcZoneCache = new Map();
    for (const [z, m] of zoneVpcs) for (const v of m.keys()) this.vpcZoneCache.set(v, [...(this.vpcZoneCache.get(v) ?? []), z]);
  }
}

/** Tags as AWS holds them: the provider's default tags and the resource's own (tags_all). */
export const tagsOf = (a: Attributes): Record<string, string> => ({ ...(a.tags_all ?? {}), ...(a.tags ?? {}) });
