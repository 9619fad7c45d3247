/** docs/verify.md documents every check, by its id, with the calls it makes, and no check that does not exist. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHECKS } from "../../verify/checks";
import { PROJECT_ROOT } from "../support/synth";

const doc = readFileSync(join(PROJECT_ROOT, "docs/verify.md"), "utf8");
const sections = new Map(doc.split(/^### /m).slice(1).map((s) => [s.split("\n")[0].trim(), s]));

test("one section per check id, in the code's order", () => {
  expect(CHECKS.length).toBeGreaterThan(15);
  expect([...sections.keys()]).toEqual(CHECKS.map((c) => c.id));
  for (const c of CHECKS) expect(c.id).toMatch(/^VF-[A-Z]{3}-\d{3}$/);
});

test.each(CHECKS.map((c) => [c.id, c]))("%s: its section names every call it declares, and why and what to do", (id, check) => {
  const section = sections.get(id)!;
  expect(section).toMatch(/\*\*Reads\*\*/);
  expect(section).toMatch(/\*\*Why\*\*/);
  for (const action of check.reads) expect([id, section.includes(`\`${action}\``)]).toEqual([id, true]);
});
