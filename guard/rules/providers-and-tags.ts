/** Provider configurations: accounts, aliases, credentials and default tags. */
import type { Rule, Violation } from "../rule";
import taggable from "../taggable-types.json";
import { block, blocks, isTrue, nonEmptyString, providerNameOf, providerRefOf, str, strings, type ResourceEntry } from "../terraform-json";

/** AWS provider 5.100.0 resource types with a tags_all attribute: the ones default_tags reach. */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set(taggable.types);

const CREDENTIAL_KEYS = new Set(["access_key", "secret_key", "token", "session_token", "web_identity_token"]);

/** Credential keys and truthy skip_* / insecure flags anywhere inside a configuration block. */
function credentialProblems(body: unknown, path = ""): string[] {
  const out: string[] = [];
  for (const b of blocks(body)) {
    for (const [key, value] of Object.entries(b)) {
      const at = path ? `${path}.${key}` : key;
      if (CREDENTIAL_KEYS.has(key) && value !== null && value !== "" && value !== false) {
        out.push(`sets ${at} (credentials belong in the environment or an assumed role, never in the configuration)`);
      } else if ((key.startsWith("skip_") || key === "insecure") && isTrue(value)) {
        out.push(`sets ${at} = true (validation and TLS checks must stay on outside tests)`);
      } else if (blocks(value).length > 0) {
        out.push(...credentialProblems(value, at));
      }
    }
  }
  return out;
}

export const PROVIDER_AND_TAG_RULES: readonly Rule[] = [
  {
    id: "LAT011",
    title: "Every taggable resource carries the default tags",
    severity: "error",
    rationale:
      "Cost allocation, ownership and incident routing rely on tags, and the stacks apply them once through the " +
      "provider's default_tags. A provider configuration without them leaves every resource it creates untagged; " +
      "a resource that sets one of those keys to an empty value blanks it (an empty value in default_tags itself is a " +
      "tag AWS accepts, and counts as carried). The taggable types are the AWS " +
      "provider 5.100.0 resources with a tags_all attribute (guard/taggable-types.json, generated from the schema).",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const out: Violation[] = [];
      const taggableUsers = new Map<string, ResourceEntry[]>();
      for (const r of ws.resources.filter((r) => TAGGABLE_TYPES.has(r.type))) {
        const ref = providerRefOf(r);
        const users = taggableUsers.get(ref);
        if (users) users.push(r);
        else taggableUsers.set(ref, [r]);
      }
      for (const [ref, users] of taggableUsers) {
        const provider = ws.providers.find((p) => p.ref === ref);
        if (!provider) continue; // reported by LAT012
        const tags = block(block(provider.body.default_tags)?.tags) ?? {};
        const required = ctx.requiredTagKeys ?? [];
        // AWS allows empty tag values: a key with "" is carried; only an absent key is missing.
        const missing = required.filter((k) => typeof tags[k] !== "string");
        const count = `${users.length} taggable resource${users.length === 1 ? "" : "s"}`;
        if (Object.keys(tags).length === 0) {
          out.push({ address: provider.address, message: `has no default_tags; ${count} would be untagged` });
        } else if (missing.length > 0) {
          out.push({ address: provider.address, message: `default_tags lack ${missing.join(", ")} (${count})` });
        }
        // Blanking: a resource's own tags override a non-empty default with "" or null.
        const defaults = new Set([...Object.keys(tags).filter((k) => nonEmptyString(tags[k])), ...required.filter((k) => tags[k] === undefined)]);
        for (const r of users) {
          const own = block(r.body.tags);
          if (!own) continue;
          const blanked = Object.entries(own).filter(([k, v]) => defaults.has(k) && (v === "" || v === null)).map(([k]) => k);
          if (blanked.length > 0) out.push({ address: r.address, message: `tags blank the default tag${blanked.length === 1 ? "" : "s"} ${blanked.join(", ")}` });
        }
      }
      return out;
    },
  },
  {
    id: "LAT012",
    title: "Every resource names an explicit provider of its own stack",
    severity: "error",
    rationale:
      "Each workspace deploys into several accounts through aliased providers (the dns workspace has one per " +
      "spoke). A resource that falls back to the default provider, or names an alias that this workspace does " +
      "not declare (cdktf writes it silently when a construct gets another stack's provider), is created in the " +
      "wrong account or fails only at plan time. Every resource and data source names \"<provider>.<alias>\" of a " +
      "configuration declared in the same file.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) => {
      const declared = new Set(ws.providers.map((p) => p.ref));
      const out: Violation[] = [];
      for (const r of [...ws.resources, ...ws.dataSources]) {
        const name = providerNameOf(r.type);
        if (name === "terraform") continue; // built-in: terraform_remote_state, terraform_data
        const ref = str(r.body.provider);
        if (ref === undefined) {
          out.push({ address: r.address, message: `names no provider; it would use the default ${name} configuration` });
          continue;
        }
        const [refName, alias] = ref.split(".", 2);
        if (refName !== name || !alias) {
          out.push({ address: r.address, message: `provider ${JSON.stringify(ref)} is not an aliased ${name} configuration ("${name}.<alias>")` });
        } else if (!declared.has(ref)) {
          out.push({ address: r.address, message: `provider ${ref} is not declared in this stack (another stack's provider?)` });
        } else if (ctx.providerAliases && !ctx.providerAliases.includes(alias)) {
          out.push({ address: r.address, message: `provider ${ref} is not one of this stack's (${ctx.providerAliases.map((a) => `${name}.${a}`).join(", ")})` });
        }
      }
      return out;
    },
  },
  {
    id: "LAT013",
    title: "No credentials or skip flags in provider, backend, cloud or remote-state configuration",
    severity: "error",
    rationale:
      "Synthesized JSON is committed, printed in CI logs and uploaded to HCP Terraform: a key in it is a leaked " +
      "key. Credentials come from the environment and assumed roles. The skip_* flags (credentials validation, " +
      "account id lookup, metadata API, region validation) and insecure exist for offline tests; in real " +
      "output they hide a wrong account or a man-in-the-middle, so test-only provider overrides must never reach " +
      "the synthesized workspaces.",
    checkov: ["CKV_AWS_41"],
    trivy: [],
    check: (ws) => {
      const out: Violation[] = [];
      for (const p of ws.providers) {
        for (const message of credentialProblems(p.body)) out.push({ address: p.address, message });
      }
      for (const t of blocks(ws.doc.terraform)) {
        for (const backends of blocks(t.backend)) {
          for (const [type, body] of Object.entries(backends)) {
            for (const message of credentialProblems(body)) out.push({ address: `terraform.backend.${type}`, message });
          }
        }
        for (const message of credentialProblems(t.cloud)) out.push({ address: "terraform.cloud", message });
      }
      for (const d of ws.dataSources.filter((d) => d.type === "terraform_remote_state")) {
        for (const message of credentialProblems(d.body.config, "config")) out.push({ address: d.address, message });
      }
      return out;
    },
  },
  {
    id: "LAT017",
    title: "Every AWS provider is pinned to its account",
    severity: "error",
    rationale:
      "Each provider configuration assumes a role in one account. allowed_account_ids makes Terraform refuse to " +
      "plan when the credentials resolve to any other account, so a wrong profile or a mistyped role ARN fails " +
      "before it creates a service network, a share or a zone in the wrong place.",
    checkov: [],
    trivy: [],
    check: (ws, ctx) =>
      ws.providers.filter((p) => p.name === "aws").flatMap((p) => {
        const pinned = strings(p.body.allowed_account_ids);
        if (pinned.length === 0) return [{ address: p.address, message: "sets no allowed_account_ids" }];
        const expected = p.alias ? ctx.accountIds?.[p.alias] : undefined;
        if (expected && (pinned.length !== 1 || pinned[0] !== expected)) {
          return [{ address: p.address, message: `allowed_account_ids ${JSON.stringify(pinned)} should be ["${expected}"]` }];
        }
        return [];
      }),
  },
];
