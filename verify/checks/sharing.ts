/**
 * The RAM shares: the service network's (hub) and, in profile mode, the Route 53 Profile's (dns).
 * Their principals are the access control of the whole design: exactly the topology's accounts, and
 * every account outside the organization has accepted.
 */
import type { Estate, SpokeFacts } from "../../config/estate";
import type { Workspace } from "../../config/workspace";
import { listOf } from "../../preflight/facts";
import { fail, pass, Skip, type CheckDefinition, type Reader, type Subject } from "../../preflight/model";
import { allPages, ownedShare } from "../facts";

interface ShareSpec {
  readonly owner: Workspace;
  readonly name: string;
  readonly principals: readonly string[];
  readonly what: string;
  /** The check that reports the share itself, named by the acceptance check's SKIP. */
  readonly check: string;
}

const networkShare = (estate: Estate): ShareSpec => ({
  owner: estate.hub.workspace, name: estate.hub.names.resourceShare, principals: estate.hub.sharePrincipals,
  what: "the service network", check: "VF-SHR-001",
});

const profileShare = (estate: Estate): ShareSpec | undefined => estate.dns.profile && ({
  owner: estate.dns.workspace, name: estate.dns.profile.resourceShareName, principals: estate.dns.profile.sharePrincipals,
  what: "the Route 53 Profile", check: "VF-SHR-003",
});

/** Principals exactly the topology's: an extra one is access nobody reviewed. */
function principalsSubject(share: ShareSpec, estate: Estate): Subject {
  return {
    principal: share.owner,
    subject: share.name,
    run: async (r: Reader) => {
      const found = await ownedShare(r, estate, share.name);
      if (!found?.resourceShareArn) return fail(`no active resource share named ${share.name} tagged as this topology's: apply the ${share.owner.name} workspace`);
      const associations = await allPages(async (nextToken) => {
        const out = await r.read("ram:GetResourceShareAssociations", { associationType: "PRINCIPAL", resourceShareArns: [found.resourceShareArn!], nextToken });
        return { items: out.resourceShareAssociations, nextToken: out.nextToken };
      });
      const live = new Set(associations.filter((a) => !/^(DISASSOCIATED|DISASSOCIATING|FAILED)$/.test(a.status ?? ""))
        .map((a) => a.associatedEntity ?? "?"));
      const expected = new Set(share.principals);
      const extra = [...live].filter((p) => !expected.has(p)).sort();
      const missing = [...expected].filter((p) => !live.has(p)).sort();
      const problems = [
        ...(extra.length ? [`shared with ${listOf(extra)}, which the topology does not name: remove ${extra.length === 1 ? "it" : "them"} from the share (and find out who added ${extra.length === 1 ? "it" : "them"})`] : []),
        ...(missing.length ? [`not shared with ${listOf(missing)}: apply the ${share.owner.name} workspace`] : []),
      ];
      return problems.length === 0
        ? pass(`shares ${share.what} with exactly the topology's ${expected.size} account(s)${expected.size ? `: ${listOf([...expected].sort())}` : ""}`)
        : fail(problems.join("; "));
    },
  };
}

/** An account outside the organization sees nothing of the share until it accepts the invitation. */
function acceptanceSubject(share: ShareSpec, spoke: SpokeFacts, estate: Estate): Subject {
  return {
    principal: spoke.workspace,
    subject: share.name,
    run: async (r: Reader) => {
      const found = await ownedShare(r.as(share.owner), estate, share.name);
      if (!found?.resourceShareArn) throw new Skip(`the resource share ${share.name} does not exist (${share.check})`);
      const invitations = await allPages(async (nextToken) => {
        const out = await r.read("ram:GetResourceShareInvitations", { resourceShareArns: [found.resourceShareArn!], nextToken });
        return { items: out.resourceShareInvitations, nextToken: out.nextToken };
      });
      const mine = invitations.filter((i) => i.receiverAccountId === undefined || i.receiverAccountId === spoke.workspace.accountId);
      if (mine.some((i) => i.status === "ACCEPTED")) return pass(`account ${spoke.workspace.accountId} has accepted the share of ${share.what}`);
      const status = mine[0]?.status;
      return fail(status
        ? `the invitation to the share of ${share.what} is ${status}, not ACCEPTED: apply the ${spoke.workspace.name} workspace (it accepts the share)`
        : `account ${spoke.workspace.accountId} has no invitation to the share of ${share.what}: apply the ${share.owner.name} workspace, then ${spoke.workspace.name}`);
    },
  };
}

export const SHARING_CHECKS: readonly CheckDefinition[] = [
  {
    id: "VF-SHR-001",
    title: "the service network's share has exactly the topology's principals",
    reads: ["ram:GetResourceShares", "ram:GetResourceShareAssociations"],
    subjects: (estate) => [principalsSubject(networkShare(estate), estate)],
  },
  {
    id: "VF-SHR-002",
    title: "each spoke account outside the organization has accepted the service network's share",
    reads: ["ram:GetResourceShareInvitations"],
    subjects: (estate) => estate.spokes.filter((s) => s.acceptsShare).map((s) => acceptanceSubject(networkShare(estate), s, estate)),
  },
  {
    id: "VF-SHR-003",
    title: "in profile mode, the Route 53 Profile's share has exactly the topology's principals",
    reads: ["ram:GetResourceShares", "ram:GetResourceShareAssociations"],
    subjects: (estate) => {
      const share = profileShare(estate);
      return share ? [principalsSubject(share, estate)] : [];
    },
  },
  {
    id: "VF-SHR-004",
    title: "in profile mode, each spoke account outside the organization has accepted the Route 53 Profile's share",
    reads: ["ram:GetResourceShareInvitations"],
    subjects: (estate) => {
      const share = profileShare(estate);
      return share ? estate.spokes.filter((s) => s.acceptsProfileShare).map((s) => acceptanceSubject(share, s, estate)) : [];
    },
  },
];
