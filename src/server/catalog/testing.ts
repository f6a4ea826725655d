// Test helpers of the catalog: small Group and Component documents as YAML.

export const TEAM_YAML = (name: string, annotations: Record<string, string> = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: ${name}, annotations: ${JSON.stringify(annotations)} }
spec: { type: team, children: [] }
`;

export const SERVICE_YAML = (name: string, owner: string, opts: { tier?: number; system?: string } = {}) => `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, annotations: { tally.dev/tier: "${opts.tier ?? 2}" } }
spec: { type: service, lifecycle: production, owner: ${owner}${opts.system ? `, system: ${opts.system}` : ''} }
`;
