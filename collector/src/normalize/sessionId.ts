// Which conversation or agent session a call belongs to, so runs can be grouped beyond one trace
// (a chat spans many requests, each its own trace). First match wins, most deliberate first:
// - burnrate.session: set by the sdk-hook's withContext({ session }) or by the app itself;
// - gen_ai.conversation.id: the OTel GenAI conventions' conversation (session, thread) id;
// - session.id: OTel's general session id, which OpenInference puts on every span of a session
//   (and Claude Code on every event). It may name a wider session than one conversation, so
//   the two conventions above win over it.
// A span's own value wins over its resource's (a process may serve one session only).
import type { Attributes } from '../otlp/model';
import { Burnrate, GenAi, Session } from '../semconv';
import { stringAttr } from './attributes';

const SESSION_KEYS = [Burnrate.session, GenAi.conversationId, Session.id] as const;

export function sessionIdOf(attributes: Attributes, resource: Attributes, maxChars: number): string {
  return firstSessionId(attributes, maxChars) || firstSessionId(resource, maxChars);
}

function firstSessionId(source: Attributes, maxChars: number): string {
  for (const key of SESSION_KEYS) {
    const value = stringAttr(source, key)?.trim();
    if (value) return value.slice(0, maxChars);
  }
  return '';
}
