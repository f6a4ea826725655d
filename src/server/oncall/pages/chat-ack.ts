// The "Acknowledge" button of a page message in chat: Slack posts the press to the incidents
// domain's interactivity URL, which verifies its signature (incidents.chat.signingSecret, replays
// refused) and hands `page:ack` presses here. The chat user ACKs as `slack:<name>`.
import type { ChatActionHandler } from '../../incidents/index.ts';
import { acknowledgePage } from './lifecycle.ts';
import { writePage } from './write.ts';

export const ackFromChat: ChatActionHandler = async (deps, press) => {
  const page = await writePage(deps, press.value, (ctx, p) => acknowledgePage(ctx, p, press.user));
  return { response_type: 'in_channel', text: `P-${page.number} acknowledged by ${page.acknowledged_by ?? press.user}: the escalation stops.` };
};
