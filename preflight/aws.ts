/**
 * The AWS side of preflight: one session per principal (the role assumed with STS, or the default
 * credential chain), SDK v3 clients in the topology's Region with the SDK's adaptive retry, and
 * every call through one concurrency bound, one abort signal and a per-run memo.
 *
 * The SDK honours AWS_PROFILE, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (EC2, STS,
 * VPC_LATTICE, ROUTE_53, SERVICE_QUOTAS, RAM) itself; route53-profiles.ts does the same for
 * ROUTE53PROFILES. AWS_REGION sets the Region of the STS calls; every other call goes to the
 * topology's Region, where its resources are.
 */
import { setMaxListeners } from "node:events";
import {
  DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcAttributeCommand, DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand, DescribeVpcsCommand, EC2Client,
} from "@aws-sdk/client-ec2";
import { GetResourceShareAssociationsCommand, GetResourceShareInvitationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import {
  GetHostedZoneCommand, GetHostedZoneLimitCommand, ListHostedZonesByVPCCommand, ListResourceRecordSetsCommand, Route53Client,
} from "@aws-sdk/client-route-53";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  GetServiceNetworkVpcAssociationCommand, ListAccessLogSubscriptionsCommand, ListResourceConfigurationsCommand, ListResourceGatewaysCommand,
  ListServiceNetworkResourceAssociationsCommand, ListServiceNetworksCommand, ListServiceNetworkVpcAssociationsCommand, VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import type { ReadAction, ReadCalls } from "./calls";
import { ReadError } from "./errors";
import { principalKey, Skip, type Principal, type Reader } from "./model";
import { Route53ProfilesClient, type Credentials } from "./route53-profiles";

export interface AwsOptions {
  /** The topology's Region. */
  readonly region: string;
  /** Calls in flight at once, across every account. */
  readonly concurrency: number;
  /** Aborts every call in flight and every call still waiting (the run's time bound). */
  readonly signal: AbortSignal;
  /** STS session name for a principal: says what assumes the role. */
  readonly sessionName: (principal: Principal) => string;
  readonly env?: NodeJS.ProcessEnv;
  /** The check that reports credentials of the wrong account, named by every other check's SKIP. @default PF-ACC-001 */
  readonly accountCheck?: string;
  /** Called before each call is sent (tests record the calls per account). */
  readonly onCall?: (principal: Principal, action: string) => void;
}

/** Per attempt; the SDK retries (adaptive mode, 3 attempts) within the run's time bound. */
const HTTP = { connectionTimeout: 5_000, requestTimeout: 15_000 };
const MAX_ATTEMPTS = 3;

interface Clients {
  ec2: EC2Client;
  lattice: VPCLatticeClient;
  route53: Route53Client;
  quotas: ServiceQuotasClient;
  ram: RAMClient;
  profiles: Route53ProfilesClient;
}

type Send<A extends ReadAction> = (c: Clients, input: ReadCalls[A][0], signal: AbortSignal) => Promise<ReadCalls[A][1]>;

/** The SDK command of every read in calls.ts (the type demands one for each, and no other). */
const SEND: { [A in ReadAction]: Send<A> } = {
  "ec2:DescribeSubnets": (c, i, s) => c.ec2.send(new DescribeSubnetsCommand(i), { abortSignal: s }),
  "ec2:DescribeVpcs": (c, i, s) => c.ec2.send(new DescribeVpcsCommand(i), { abortSignal: s }),
  "ec2:DescribeVpcAttribute": (c, i, s) => c.ec2.send(new DescribeVpcAttributeCommand(i), { abortSignal: s }),
  "ec2:DescribeSecurityGroups": (c, i, s) => c.ec2.send(new DescribeSecurityGroupsCommand(i), { abortSignal: s }),
  "ec2:DescribeVpcEndpointServices": (c, i, s) => c.ec2.send(new DescribeVpcEndpointServicesCommand(i), { abortSignal: s }),
  "ec2:DescribeVpcEndpoints": (c, i, s) => c.ec2.send(new DescribeVpcEndpointsCommand(i), { abortSignal: s }),
  "vpc-lattice:ListServiceNetworkVpcAssociations": (c, i, s) => c.lattice.send(new ListServiceNetworkVpcAssociationsCommand(i), { abortSignal: s }),
  "route53:GetHostedZone": (c, i, s) => c.route53.send(new GetHostedZoneCommand(i), { abortSignal: s }),
  "route53:GetHostedZoneLimit": (c, i, s) => c.route53.send(new GetHostedZoneLimitCommand(i), { abortSignal: s }),
  "route53:ListHostedZonesByVPC": (c, i, s) => c.route53.send(new ListHostedZonesByVPCCommand(i), { abortSignal: s }),
  "servicequotas:GetServiceQuota": (c, i, s) => c.quotas.send(new GetServiceQuotaCommand(i), { abortSignal: s }),
  "servicequotas:GetAWSDefaultServiceQuota": (c, i, s) => c.quotas.send(new GetAWSDefaultServiceQuotaCommand(i), { abortSignal: s }),
  "route53profiles:ListProfileAssociations": (c, i, s) => c.profiles.listProfileAssociations(i, s),
  "route53profiles:GetProfile": (c, i, s) => c.profiles.getProfile(i, s),
  "vpc-lattice:ListServiceNetworks": (c, i, s) => c.lattice.send(new ListServiceNetworksCommand(i), { abortSignal: s }),
  "vpc-lattice:ListResourceGateways": (c, i, s) => c.lattice.send(new ListResourceGatewaysCommand(i), { abortSignal: s }),
  "vpc-lattice:ListResourceConfigurations": (c, i, s) => c.lattice.send(new ListResourceConfigurationsCommand(i), { abortSignal: s }),
  "vpc-lattice:ListServiceNetworkResourceAssociations": (c, i, s) => c.lattice.send(new ListServiceNetworkResourceAssociationsCommand(i), { abortSignal: s }),
  "vpc-lattice:ListAccessLogSubscriptions": (c, i, s) => c.lattice.send(new ListAccessLogSubscriptionsCommand(i), { abortSignal: s }),
  "vpc-lattice:GetServiceNetworkVpcAssociation": (c, i, s) => c.lattice.send(new GetServiceNetworkVpcAssociationCommand(i), { abortSignal: s }),
  "ram:GetResourceShares": (c, i, s) => c.ram.send(new GetResourceSharesCommand(i), { abortSignal: s }),
  "ram:GetResourceShareAssociations": (c, i, s) => c.ram.send(new GetResourceShareAssociationsCommand(i), { abortSignal: s }),
  "ram:GetResourceShareInvitations": (c, i, s) => c.ram.send(new GetResourceShareInvitationsCommand(i), { abortSignal: s }),
  "route53:ListResourceRecordSets": (c, i, s) => c.route53.send(new ListResourceRecordSetsCommand(i), { abortSignal: s }),
  "route53profiles:ListProfiles": (c, i, s) => c.profiles.listProfiles(i, s),
  "route53profiles:ListProfileResourceAssociations": (c, i, s) => c.profiles.listProfileResourceAssociations(i, s),
};

/** Readers for every principal of a run; `destroy()` closes their connections. */
export class AwsReaders {
  private readonly sessions = new Map<string, Session>();
  private readonly run: Run;

  constructor(options: AwsOptions) {
    this.run = new Run(options);
  }

  reader(principal: Principal): Reader {
    const key = principalKey(principal);
    let session = this.sessions.get(key);
    if (!session) {
      session = new Session(principal, this.run);
      this.sessions.set(key, session);
    }
    const s = session;
    return {
      read: (action, input) => s.read(action, input),
      identity: () => s.identity(),
      as: (other) => this.reader(other),
    };
  }

  destroy(): void {
    this.run.destroy();
    for (const s of this.sessions.values()) s.destroy();
  }
}

/** What every session of a run shares: the options, the concurrency bound, the caller's STS client. */
class Run {
  private readonly limiter: Limiter;
  private callerSts?: STSClient;

  constructor(readonly options: AwsOptions) {
    this.limiter = new Limiter(options.concurrency, options.signal);
    // Every call in flight listens for the run's abort: more than Node's default of 10 is expected.
    setMaxListeners(0, options.signal);
  }

  /** SDK client settings: the topology's Region (or STS's), adaptive retry, per-attempt timeouts. */
  clientConfig(credentials?: Credentials, region = this.options.region) {
    return { region, credentials, maxAttempts: MAX_ATTEMPTS, retryMode: "adaptive", requestHandler: HTTP };
  }

  get stsRegion(): string {
    return (this.options.env ?? process.env).AWS_REGION || this.options.region;
  }

  /** The caller's own STS client (default credential chain): assumes the roles. */
  caller(): STSClient {
    return (this.callerSts ??= new STSClient(this.clientConfig(undefined, this.stsRegion)));
  }

  /** Runs one call within the concurrency bound and the run's time bound. */
  call<T>(principal: Principal, action: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.limiter.run(() => {
      this.options.onCall?.(principal, action);
      return send(this.options.signal);
    });
  }

  destroy(): void {
    this.callerSts?.destroy();
  }
}

interface Identity {
  readonly account: string;
  readonly arn: string;
}

class Session {
  private readonly memo = new Map<string, Promise<unknown>>();
  private opened?: Promise<{ identity: Identity; clients: Clients }>;

  constructor(private readonly principal: Principal, private readonly run: Run) {}

  async identity(): Promise<Identity> {
    return (await this.open()).identity;
  }

  read<A extends ReadAction>(action: A, input: ReadCalls[A][0]): Promise<ReadCalls[A][1]> {
    const key = `${action} ${JSON.stringify(input)}`;
    let result = this.memo.get(key) as Promise<ReadCalls[A][1]> | undefined;
    if (!result) {
      result = this.open().then(({ identity, clients }) => {
        if (identity.account !== this.principal.accountId) {
          throw new Skip(`the credentials are for account ${identity.account}, not ${this.principal.accountId} (${this.run.options.accountCheck ?? "PF-ACC-001"})`);
        }
        return this.run.call(this.principal, action, (signal) => (SEND[action] as Send<A>)(clients, input, signal))
          .catch((e: unknown) => { throw new ReadError(action, e); });
      });
      this.memo.set(key, result);
    }
    return result;
  }

  destroy(): void {
    void this.opened?.then(({ clients }) => {
      for (const c of [clients.ec2, clients.lattice, clients.route53, clients.quotas, clients.ram]) c.destroy();
    }, () => undefined);
  }

  /** Assumes the role (if any), builds the clients and asks STS whose credentials they are; once. */
  private open(): Promise<{ identity: Identity; clients: Clients }> {
    return (this.opened ??= (async () => {
      const { roleArn, assumesRole, externalId } = this.principal;
      const run = this.run;
      let credentials: Credentials | undefined;
      // As the workspace's provider does: no role, or a run that already holds the role's credentials, reads as the caller.
      if (roleArn && assumesRole !== false) {
        const out = await run.call(this.principal, "sts:AssumeRole", (signal) => run.caller().send(new AssumeRoleCommand({
          RoleArn: roleArn, RoleSessionName: run.options.sessionName(this.principal), ExternalId: externalId,
        }), { abortSignal: signal }))
          .catch((e: unknown) => { throw new ReadError("sts:AssumeRole", e); });
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Skip(`sts:AssumeRole returned no credentials for ${roleArn}`);
        credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
      }
      const sts = credentials ? new STSClient(run.clientConfig(credentials, run.stsRegion)) : run.caller();
      try {
        const id = await run.call(this.principal, "sts:GetCallerIdentity", (signal) =>
          sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal }))
          .catch((e: unknown) => { throw new ReadError("sts:GetCallerIdentity", e); });
        const config = run.clientConfig(credentials);
        // Without a role, the Route 53 Profiles reads use the default chain as the SDK clients resolve it.
        const resolve = credentials ? async () => credentials! : async () => sts.config.credentials();
        return {
          identity: { account: id.Account ?? "?", arn: id.Arn ?? "?" },
          clients: {
            ec2: new EC2Client(config),
            lattice: new VPCLatticeClient(config),
            route53: new Route53Client(config),
            quotas: new ServiceQuotasClient(config),
            ram: new RAMClient(config),
            profiles: new Route53ProfilesClient({ region: run.options.region, credentials: resolve, maxAttempts: MAX_ATTEMPTS,
              requestTimeoutMs: HTTP.requestTimeout, env: run.options.env }),
          },
        };
      } finally {
        if (credentials) sts.destroy();
      }
    })());
  }
}

/** At most `size` calls at once; waiting ones are dropped when the run is aborted. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number, private readonly signal: AbortSignal) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve, reject) => {
        if (this.signal.aborted) return reject(abortError());
        const abort = () => reject(abortError());
        this.waiting.push(() => {
          this.signal.removeEventListener("abort", abort);
          resolve();
        });
        this.signal.addEventListener("abort", abort, { once: true });
      });
    }
    if (this.signal.aborted) throw abortError();
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const abortError = () => Object.assign(new Error("the run's time bound was reached"), { name: "AbortError" });
