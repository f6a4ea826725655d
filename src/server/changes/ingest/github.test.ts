import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../platform/problems.ts';
import { githubSlugIndex, githubToChange, verifyGithubSignature } from './github.ts';

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples') as { name: string; examples: Record<string, unknown>[] }[];
const examples = (name: string) => definitions.find((d) => d.name === name)!.examples;
const deployment = examples('deployment')[0];
const [statusSuccess, statusInProgress] = examples('deployment_status');

const lookup = githubSlugIndex([
  { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'hello', annotations: { 'github.com/project-slug': 'codertocat/hello-world' } } },
]);

describe('verifyGithubSignature', () => {
  const body = Buffer.from(JSON.stringify(deployment));
  const sign = (secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  it('accepts the signature GitHub computes and refuses anything else', () => {
    expect(verifyGithubSignature(body, sign('s3cret'), 's3cret')).toBe(true);
    expect(verifyGithubSignature(body, sign('other'), 's3cret')).toBe(false);
    expect(verifyGithubSignature(Buffer.concat([body, Buffer.from(' ')]), sign('s3cret'), 's3cret')).toBe(false);
    expect(verifyGithubSignature(body, undefined, 's3cret')).toBe(false);
    expect(verifyGithubSignature(body, sign('s3cret').replace('sha256=', 'sha1='), 's3cret')).toBe(false);
    expect(verifyGithubSignature(body, 'sha256=zz', 's3cret')).toBe(false);
  });
});

describe('githubToChange', () => {
  it('turns a deployment into an in-progress deploy on the entity owning the repository', () => {
    const c = githubToChange('deployment', deployment, lookup)!;
    expect(c).toMatchObject({
      entities: ['component:default/hello'],
      kind: 'deploy',
      status: 'in-progress',
      source: 'github',
      externalId: 'github:deployment:145988746',
      version: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      actor: 'Codertocat',
      environment: 'production',
      startedAt: '2019-05-15T15:20:53Z',
      automated: false,
    });
    expect(c.summary).toBe('Deploy Codertocat/Hello-World@f95f852 (master) to production');
    expect(c.finishedAt).toBeUndefined();
    expect(c.links!.map((l) => l.title)).toEqual(['Commit', 'GitHub deployment (API)', 'Repository']);
    expect(c.labels).toMatchObject({ 'github.ref': 'master' });
  });

  it('marks deployments created by a bot as automated', () => {
    expect(githubToChange('deployment', examples('deployment')[1], lookup)!.automated).toBe(true);
  });

  it('updates the same change from deployment_status, finishing it on a terminal state', () => {
    const c = githubToChange('deployment_status', statusSuccess, lookup)!;
    expect(c).toMatchObject({ externalId: 'github:deployment:145988746', status: 'succeeded', finishedAt: '2019-05-15T15:20:55Z', eventTime: '2019-05-15T15:20:55Z' });
    const running = githubToChange('deployment_status', statusInProgress, lookup)!;
    expect(running.status).toBe('in-progress');
    expect(running.finishedAt).toBeUndefined();
    expect(running.links!.map((l) => l.title)).toContain('Deployment log');
  });

  it('maps failure and error to failed, and ignores inactive', () => {
    const withState = (state: string) => ({ ...statusSuccess, deployment_status: { ...(statusSuccess.deployment_status as object), state } });
    expect(githubToChange('deployment_status', withState('failure'), lookup)!.status).toBe('failed');
    expect(githubToChange('deployment_status', withState('error'), lookup)!.status).toBe('failed');
    expect(githubToChange('deployment_status', withState('queued'), lookup)!.status).toBe('in-progress');
    expect(githubToChange('deployment_status', withState('inactive'), lookup)).toBeNull();
  });

  it('keeps a deployment of an unknown repository, with no entities', () => {
    const c = githubToChange('deployment', deployment, () => [])!;
    expect(c.entities).toEqual([]);
  });

  it('attaches the configured revert action with the repository', () => {
    const c = githubToChange('deployment', deployment, lookup, { revertAction: 'github-redeploy' })!;
    expect(c.revert).toEqual({ action: 'github-redeploy', params: { repo: 'Codertocat/Hello-World' } });
  });

  it('refuses a payload without a deployment, naming the field', () => {
    try {
      githubToChange('deployment', { repository: (deployment as { repository: unknown }).repository }, lookup);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems[0].field).toBe('deployment');
    }
  });
});
