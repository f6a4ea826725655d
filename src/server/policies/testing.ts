// Test helpers of the policies: the demo policy of docs/policies.md, as YAML, document and Policy.
import { parse } from 'yaml';
import { parsePolicy, type Policy } from './document.ts';

export const DEMO_POLICY_YAML = `
apiVersion: tally.dev/v1
kind: Policy
metadata: { name: deploy-by-grade, title: Deploys, builds and support by grade }
spec:
  scorecard: production-readiness
  timeZone: Europe/Amsterdam
  ungraded: D
  grades:
    A+: { deploy: always, buildPriority: 100, support: full }
    A:  { deploy: always, buildPriority: 90, support: full }
    B:  { deploy: { windows: [ { days: [mon, tue, wed, thu, fri], from: "06:00", to: "22:00" } ] }, buildPriority: 60, support: full }
    C:  { deploy: { windows: [ { days: [mon-thu], from: "08:00", to: "18:00" } ] }, buildPriority: 40, support: best-effort }
    D:  { deploy: { windows: [ { days: [tue, wed], from: "10:00", to: "16:00" } ] }, buildPriority: 20, support: best-effort }
    F:  { deploy: never, buildPriority: 0, support: none }
  freezes:
    - { name: year-end, from: 2026-12-20, to: 2027-01-04, exempt: [A+] }
`;

export function demoDocument(): any {
  return parse(DEMO_POLICY_YAML);
}

/** Parses a document or fails the test with its problems. */
export function mustParse(doc: unknown): Policy {
  const { policy, problems } = parsePolicy(doc, { file: 'policies.yaml', doc: 0 });
  if (!policy) throw new Error(`policy did not parse: ${JSON.stringify(problems)}`);
  return policy;
}

export const demoPolicy = (): Policy => mustParse(demoDocument());
