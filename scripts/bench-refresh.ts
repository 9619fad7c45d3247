/**
 * `npm run bench:refresh [-- --sizes 10,100] [--modes associations,profile]`: the AWS API calls of a
 * refresh. For generated estates (2 VPCs per spoke account, 3 endpoints in 3 zones) in each DNS mode,
 * the states of hub, dns and one spoke are built offline (the apply simulator), and each of these
 * workspaces is planned (`terraform plan`, which refreshes every resource) with the AWS provider's
 * endpoints pointed at the fake services on 127.0.0.1 (__tests__/support/fake-aws), which count the
 * calls. Reported per workspace kind and size: resources in the state, calls per refresh, the
 * largest number of calls to one account's Route 53, and how long those take at the documented
 * rate limits (docs/refresh-calls.md cites them). Every measured plan must be a no-op without drift.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { validateTopology } from "../config/loader";
import { buildEstate, busiestAccount, RefreshRoot, total } from "../__tests__/support/fake-aws/refresh";
import { FakeAws } from "../__tests__/support/fake-aws/server";
import { managedInstances } from "../__tests__/support/fake-aws/shape";
import { generatedTopology } from "./generated-topology";

/** Requests per second (sustained) at which a refresh is throttled, per account; sources in docs/refresh-calls.md. */
const RATE = {
  route53Quota: 5, // Route 53 quotas: "five requests per second per AWS account"
  route53Bucket: 10, // Route 53 throttling page: account-level bucket refill, 10 per second (burst 50)
  ec2Describe: 20, // EC2 API throttling: non-mutating actions, bucket refill 20 per second (burst 100)
};

const duration = (seconds: number) =>
  seconds < 60 ? `${seconds.toFixed(0)} s` : seconds < 3600 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "10,100,300,1000" },
      modes: { type: "string", default: "associations,profile" },
      keep: { type: "boolean", default: false },
    },
  });
  const sizes = values.sizes!.split(",").map(Number);
  const modes = values.modes!.split(",") as ("associations" | "profile")[];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || modes.some((m) => m !== "associations" && m !== "profile")) {
    console.error("bench:refresh: --sizes takes spoke-account counts (10,100), --modes associations and/or profile");
    process.exitCode = 2;
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "lattice-bench-refresh-"));
  console.log("Calls of one refresh (terraform plan of a full state) against the fake AWS services; 2 VPCs per spoke account, 3 endpoints in 3 zones.");
  console.log("R53 max = the most calls to one account's Route 53; times are those calls at 5/s (quota page) and 10/s (throttling page).\n");
  const header = ["mode", "spokes", "workspace", "resources", "calls", "R53 max", "@5/s", "@10/s", "Lattice", "RAM", "EC2", "plan s", "no-op"];
  const widths = [13, 7, 16, 10, 9, 9, 9, 9, 8, 6, 6, 8, 6];
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(""));
  row(header);
  try {
    for (const mode of modes) {
      for (const n of sizes) {
        let topology;
        try {
          topology = validateTopology(generatedTopology({ spokes: n, mode })).topology;
        } catch (e) {
          // Associations mode past one page of authorizations per zone: refused, as a user's would be.
          const cost = /([\d,]+ Route 53 calls per refresh).*?, ([\d.]+ \w+) at 5 a second/.exec((e as Error).message);
          row([mode, String(n), "(refused)", "", "", "", "", "", "", "", "", "", cost ? `dns.mode: would be ${cost[1]}, ${cost[2]} at 5/s` : (e as Error).message.split("\n")[0]]);
          continue;
        }
        const dir = join(work, `${mode}-${n}`);
        mkdirSync(dir, { recursive: true });
        const started = Date.now();
        let estate;
        try {
          estate = await buildEstate(topology, ["spoke-spoke-0"], dir);
        } catch (e) {
          row([mode, String(n), "(states)", "", "", "", "", "", "", "", "", "", `failed: ${(e as Error).message.split("\n")[0].slice(0, 120)}`]);
          continue;
        }
        const buildSeconds = (Date.now() - started) / 1000;
        const fake = await FakeAws.start(estate.world);
        try {
          for (const ws of ["hub", "dns", "spoke-spoke-0"]) {
            const root = new RefreshRoot(join(dir, `refresh-${ws}`), ws, estate.json[ws]);
            root.write(estate.states[ws], estate.stateFiles, fake.url);
            try {
              const r = await root.measure(fake);
              const r53 = busiestAccount(r.calls, "route53").count;
              const ok = r.changes.length === 0 && r.drift.length === 0 && r.unanswered.length === 0;
              row([mode, String(n), ws === "spoke-spoke-0" ? "spoke (one)" : ws, String(managedInstances(estate.states[ws])), String(total(r.calls)), String(r53),
                duration(r53 / RATE.route53Quota), duration(r53 / RATE.route53Bucket), String(total(r.calls, "vpc-lattice")), String(total(r.calls, "ram")),
                String(total(r.calls, "ec2")), r.seconds.toFixed(1), ok ? "yes" : `NO (${r.changes.length} changes, ${r.drift.length} drifted, ${r.unanswered.length} unanswered)`]);
            } catch (e) {
              row([mode, String(n), ws, String(managedInstances(estate.states[ws])), "", "", "", "", "", "", "", "", `failed: ${(e as Error).message.split("\n").slice(0, 3).join(" ").slice(0, 160)}`]);
            }
          }
        } finally {
          await fake.stop();
        }
        console.log(`${"".padEnd(20)}(states built offline in ${buildSeconds.toFixed(0)} s)`);
        if (!values.keep) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (values.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`bench:refresh: ${(e as Error).message}`); process.exitCode = 2; });
