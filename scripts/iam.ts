/**
 * `npm run iam [-- [<topology file>] [--output <dir>] [--preflight | --verify]]`: writes, for the topology (the
 * argument, else LATTICE_CONFIG, else examples/basic.yaml), one least-privilege deploy policy per
 * account role (default directory: iam-policies/).
 * `--preflight`: the read-only policies `npm run preflight` needs instead (default iam-policies/preflight/).
 * `--verify`: the read-only policies `npm run verify` needs instead (default iam-policies/verify/).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { EXIT_DONE, runCommand, UsageError } from "../cli/command";
import { topologyFile } from "../cli/topology-file";
import { loadTopologyFile } from "../config/loader";
import { estateOf } from "../config/estate";
import { productDeployRoles } from "../stacks/bootstrap";
import { publishOutput } from "../output/publish";
import { preflightRoles } from "../preflight/policies";
import { verifyRoles } from "../verify/policies";

runCommand("iam", () => {
  const { values, positionals } = parseArgs({
    options: { output: { type: "string", short: "o" }, preflight: { type: "boolean" }, verify: { type: "boolean" } }, strict: true, allowPositionals: true,
  });
  if (values.preflight && values.verify) throw new UsageError("--preflight and --verify: give one of them");
  const readOnly = values.preflight ? "preflight" : values.verify ? "verify" : undefined;
  const outdir = resolve(values.output ?? (readOnly ? `iam-policies/${readOnly}` : "iam-policies"));
  const { topology } = loadTopologyFile(topologyFile(positionals));
  const roles = readOnly === "preflight" ? preflightRoles(estateOf(topology))
    : readOnly === "verify" ? verifyRoles(estateOf(topology))
    : productDeployRoles(topology);
  const fileName = (role: (typeof roles)[number]) => `${role.accountId}-${role.roleArn ? role.roleArn.split("/").pop() : "caller"}.json`;
  publishOutput(outdir, readOnly ? `iam --${readOnly}` : "iam",
    Object.fromEntries(roles.map((role) => [fileName(role), `${JSON.stringify(role.policy, null, 2)}\n`])));
  for (const role of roles) {
    console.log(`${fileName(role)}: ${role.roleArn ?? `the caller's credentials in ${role.accountId}`}, for ${role.usedBy.join(", ")}`);
  }
  return EXIT_DONE;
});
