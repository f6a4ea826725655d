// The outbound policy revert actions pass (DESIGN.md §9): `checks.outbound` of tally.yaml, the
// same guard that check probes pass (any public host by default; private, loopback, link-local
// and cloud-metadata addresses refused unless allowed there).
import { checkOutboundUrl } from '../checks/outbound.ts';
import type { Config } from '../config.ts';
import type { RevertContext } from './revert-action.ts';

export function revertOutboundCheck(config: Config): NonNullable<RevertContext['outboundCheck']> {
  const policy = config.checks.outbound;
  return (url) => checkOutboundUrl(url, { allow: [...policy.allow], allowPrivate: policy.allowPrivate, allowLinkLocal: policy.allowLinkLocal });
}
