// The same app in TypeScript, compiled by tsc once with `module: nodenext` (an ES module) and once
// with `module: commonjs`: the package's types must resolve in both, and be real types.
import Anthropic from '@anthropic-ai/sdk';
import { instrument, type BurnrateHealth } from '@burnrate/sdk-hook';

async function main(): Promise<void> {
  const kind = process.env.APP_KIND ?? 'ts';
  const burnrate = instrument({ serviceName: `packed-${kind}` });
  const client = burnrate.anthropic(new Anthropic());
  const reply: Anthropic.Message = await burnrate.withContext({ team: kind, session: `session-${kind}` }, () =>
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
  );
  await burnrate.shutdown();
  const health: BurnrateHealth = burnrate.health();
  console.log(JSON.stringify({ id: reply.id, health }));
}

/** Never called. It compiles only if the types are real: were they `any`, these would be unused. */
export function typesAreReal(): void {
  // @ts-expect-error: not an option of instrument()
  instrument({ notAnOption: true });
  // @ts-expect-error: a span count is a number
  const dropped: string = instrument().health().droppedSpans;
  void dropped;
}

void main();
