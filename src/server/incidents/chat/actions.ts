// Button presses other domains own (on-call's "Acknowledge" in a page message). Slack sends every
// press of an app to its one interactivity URL, served here; a domain registers the action-id
// prefix it owns (`page` for `page:ack`) and receives the press once its signature is verified.
// Registered when the owning module's index.ts loads; a prefix belongs to one domain.
import type { AppDeps } from '../../platform/deps.ts';
import type { ChatReply } from './commands.ts';

export interface ChatPress {
  actionId: string;
  value: string;
  /** `slack:<name>`, as for commands. */
  user: string;
  channel: string;
}

export type ChatActionHandler = (deps: AppDeps, press: ChatPress) => Promise<ChatReply>;

const handlers = new Map<string, ChatActionHandler>();
const OWN = new Set(['role', 'resolve']);

export function registerChatAction(prefix: string, handler: ChatActionHandler): void {
  if (OWN.has(prefix)) throw new Error(`chat action prefix ${prefix} belongs to incidents`);
  handlers.set(prefix, handler);
}

export function chatActionHandler(actionId: string): ChatActionHandler | undefined {
  return handlers.get(actionId.split(':')[0]!);
}
