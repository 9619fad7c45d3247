/** The hub's interface endpoints. */
import type { Rule } from "../rule";
import { blocks, isFalse, isTrue, lifecycleOf, str } from "../terraform-json";

export const ENDPOINT_RULES: readonly Rule[] = [
  {
    id: "LAT009",
    title: "Interface endpoints have private DNS off",
    severity: "error",
    rationale:
      "The vendor's names are served by the central Route 53 zones, which point them at the Lattice DNS names. " +
      "Private DNS on the hub endpoint would also answer those names inside the hub VPC (and, for many vendors, " +
      "claim a zone name that the central zone also uses), so the same hostname resolves differently depending on " +
      "where the client runs. It must be off, and written explicitly so a provider default cannot change it.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      ws.ofType("aws_vpc_endpoint")
        .filter((e) => e.body.vpc_endpoint_type === "Interface" && !isFalse(e.body.private_dns_enabled))
        .map((e) => ({
          address: e.address,
          message: isTrue(e.body.private_dns_enabled) ? "has private_dns_enabled = true" : "does not set private_dns_enabled = false",
        })),
  },
  {
    id: "LAT010",
    title: "Interface endpoints fail the apply until the vendor has accepted them",
    severity: "error",
    rationale:
      "The provider treats an endpoint in state pendingAcceptance as created: the apply is green and nothing " +
      "works until the vendor accepts the connection. A lifecycle postcondition on self.state == \"available\" " +
      "turns that silent half-success into a failed apply with an actionable message.",
    checkov: [],
    trivy: [],
    check: (ws) =>
      ws.ofType("aws_vpc_endpoint")
        .filter((e) => e.body.vpc_endpoint_type === "Interface")
        .filter((e) => !blocks(lifecycleOf(e)?.postcondition).some((c) => {
          const condition = str(c.condition) ?? "";
          return condition.includes("self.state") && condition.includes("available");
        }))
        .map((e) => ({ address: e.address, message: "has no lifecycle postcondition on self.state == \"available\"" })),
  },
];
