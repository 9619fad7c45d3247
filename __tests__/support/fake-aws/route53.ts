/**
 * Route 53 (REST, XML answers) with its real page sizes: ListVPCAssociationAuthorizations returns
 * at most 50 VPCs per page unless asked for fewer (MaxResults, "If you don't specify a value for
 * MaxResults, Route 53 returns up to 50 VPCs per page"), ListResourceRecordSets up to 300 records,
 * ListHostedZonesByVPC up to 100 zones; the next page is asked for with the token (or record name
 * and type) the previous one returned.
 */
import type { FakeRequest, FakeResponse } from "./server";
import { tagsOf, type Attributes, type World } from "./world";
import { document, type XmlNode } from "./xml";

const NS = "https://route53.amazonaws.com/doc/2013-04-01/";
export const AUTHORIZATIONS_PAGE = 50;
export const RECORDS_PAGE = 300;
export const ZONES_BY_VPC_PAGE = 100;

const ok = (action: string, body: XmlNode): FakeResponse => ({ action, body: document(`${action}Response`, NS, body), contentType: "text/xml" });

const error = (action: string, status: number, code: string, message: string): FakeResponse => ({
  action,
  status,
  body: document("ErrorResponse", NS, { Error: { Type: "Sender", Code: code, Message: message }, RequestId: "00000000-0000-4000-8000-000000000000" }),
  contentType: "text/xml",
});

const noZone = (action: string, id: string) => error(action, 404, "NoSuchHostedZone", `No hosted zone found with ID: ${id}`);
const dotted = (name: string) => (name.endsWith(".") ? name : `${name}.`);
const token = (n: number) => Buffer.from(`page:${n}`).toString("base64");
const offsetOf = (t: string | null) => (t ? Number(/^page:(\d+)$/.exec(Buffer.from(t, "base64").toString())?.[1] ?? 0) : 0);
const pageSize = (v: string | null, max: number) => Math.min(max, Math.max(1, Number(v ?? max) || max));

/** Per world: zone id → its authorized VPCs, and its record sets in Route 53's order. */
const indexes = new WeakMap<World, { authorizations: Map<string, Attributes[]>; records: Map<string, RecordSet[]> }>();

interface RecordSet { name: string; type: string; ttl: number; values: string[]; setIdentifier?: string }

/** Route 53 lists record sets by name with its labels reversed (com.example.www), then by type. */
const sortKey = (r: RecordSet) => `${dotted(r.name).toLowerCase().split(".").filter(Boolean).reverse().join(".")}\0${r.type}\0${r.setIdentifier ?? ""}`;

function index(w: World) {
  let i = indexes.get(w);
  if (i) return i;
  const authorizations = new Map<string, Attributes[]>();
  for (const a of w.all("aws_route53_vpc_association_authorization")) {
    authorizations.set(a.attributes.zone_id, [...(authorizations.get(a.attributes.zone_id) ?? []), a.attributes]);
  }
  const records = new Map<string, RecordSet[]>();
  for (const z of w.all("aws_route53_zone")) {
    const zone = z.attributes;
    const ns = `ns-${zone.id.length}.awsdns-00.com.`;
    records.set(zone.id, [
      { name: dotted(zone.name), type: "NS", ttl: 172800, values: [ns] },
      { name: dotted(zone.name), type: "SOA", ttl: 900, values: [`${dotted(zone.primary_name_server ?? ns)} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] },
    ]);
  }
  for (const r of w.all("aws_route53_record")) {
    const a = r.attributes;
    records.set(a.zone_id, [...(records.get(a.zone_id) ?? []), { name: dotted(a.name), type: a.type, ttl: a.ttl, values: a.records ?? [], setIdentifier: a.set_identifier ?? undefined }]);
  }
  for (const list of records.values()) list.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
  i = { authorizations, records };
  indexes.set(w, i);
  return i;
}

const zoneIdOf = (s: string) => s.replace(/^\/?hostedzone\//, "");

export function route53(req: FakeRequest): FakeResponse | undefined {
  const w = req.world;
  const path = req.path.replace(/^\/2013-04-01/, "");
  if (req.method !== "GET") return undefined;
  let m: RegExpExecArray | null;

  if ((m = /^\/hostedzone\/([^/]+)$/.exec(path))) {
    const action = "GetHostedZone";
    const zone = w.byId("aws_route53_zone", m[1]);
    if (!zone) return noZone(action, m[1]);
    const a = zone.attributes;
    return ok(action, {
      HostedZone: {
        Id: `/hostedzone/${a.id}`,
        Name: dotted(a.name),
        CallerReference: `terraform-${a.id}`,
        Config: { Comment: a.comment ?? undefined, PrivateZone: (a.vpc ?? []).length > 0 },
        ResourceRecordSetCount: index(w).records.get(a.id)?.length ?? 2,
      },
      VPCs: w.zoneVpcs(a.id).map((v) => ({ VPC: { VPCRegion: v.region, VPCId: v.vpcId } })),
    });
  }

  if ((m = /^\/tags\/(hostedzone|healthcheck)\/([^/]+)$/.exec(path))) {
    const action = "ListTagsForResource";
    const zone = w.byId("aws_route53_zone", m[2]);
    if (!zone) return noZone(action, m[2]);
    return ok(action, {
      ResourceTagSet: {
        ResourceType: m[1],
        ResourceId: m[2],
        Tags: Object.entries(tagsOf(zone.attributes)).map(([Key, Value]) => ({ Tag: { Key, Value } })),
      },
    });
  }

  if ((m = /^\/hostedzone\/([^/]+)\/rrset\/?$/.exec(path))) {
    const action = "ListResourceRecordSets";
    if (!w.byId("aws_route53_zone", m[1])) return noZone(action, m[1]);
    const all = index(w).records.get(m[1]) ?? [];
    const name = req.query.get("name");
    const type = req.query.get("type");
    const identifier = req.query.get("identifier");
    const max = pageSize(req.query.get("maxitems"), RECORDS_PAGE);
    const start = name ? sortKey({ name, type: type ?? "", ttl: 0, values: [], setIdentifier: identifier ?? undefined }) : "";
    const from = all.findIndex((r) => sortKey(r) >= start);
    const page = from < 0 ? [] : all.slice(from, from + max);
    const next = from < 0 ? undefined : all[from + max];
    return ok(action, {
      ResourceRecordSets: page.map((r) => ({
        ResourceRecordSet: {
          Name: r.name, Type: r.type, SetIdentifier: r.setIdentifier, TTL: r.ttl,
          ResourceRecords: r.values.map((Value) => ({ ResourceRecord: { Value } })),
        },
      })),
      IsTruncated: next !== undefined,
      NextRecordName: next?.name,
      NextRecordType: next?.type,
      NextRecordIdentifier: next?.setIdentifier,
      MaxItems: max,
    });
  }

  if ((m = /^\/hostedzone\/([^/]+)\/authorizevpcassociation$/.exec(path))) {
    const action = "ListVPCAssociationAuthorizations";
    if (!w.byId("aws_route53_zone", m[1])) return noZone(action, m[1]);
    const all = index(w).authorizations.get(m[1]) ?? [];
    const from = offsetOf(req.query.get("nexttoken"));
    const max = pageSize(req.query.get("maxresults"), AUTHORIZATIONS_PAGE);
    const page = all.slice(from, from + max);
    return ok(action, {
      HostedZoneId: m[1],
      NextToken: from + max < all.length ? token(from + max) : undefined,
      VPCs: page.map((a) => ({ VPC: { VPCRegion: a.vpc_region ?? w.region, VPCId: a.vpc_id } })),
    });
  }

  if (path === "/hostedzonesbyvpc") {
    const action = "ListHostedZonesByVPC";
    const vpc = req.query.get("vpcid") ?? "";
    const zones = w.vpcZones(vpc).map((id) => w.byId("aws_route53_zone", id)).filter((z) => z !== undefined);
    const from = offsetOf(req.query.get("nexttoken"));
    const max = pageSize(req.query.get("maxitems"), ZONES_BY_VPC_PAGE);
    return ok(action, {
      HostedZoneSummaries: zones.slice(from, from + max).map((z) => ({
        HostedZoneSummary: { HostedZoneId: z.attributes.id, Name: dotted(z.attributes.name), Owner: { OwningAccount: z.account } },
      })),
      MaxItems: max,
      NextToken: from + max < zones.length ? token(from + max) : undefined,
    });
  }

  return undefined;
}

export { zoneIdOf };
