// The README's "Instrument an app", as an ES module run with plain `node app.mjs`. The Anthropic
// SDK reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL (here the test's scripted API); burnrate reads
// BURNRATE_ENDPOINT and BURNRATE_INGEST_KEY. It prints what it got and burnrate's health.
import Anthropic from '@anthropic-ai/sdk';
import { instrument } from '@burnrate/sdk-hook';

const kind = process.env.APP_KIND;
const burnrate = instrument({ serviceName: `packed-${kind}` });
const client = burnrate.anthropic(new Anthropic());

const reply = await burnrate.withContext({ team: kind, session: `session-${kind}` }, () =>
  client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
);
await burnrate.shutdown();
console.log(JSON.stringify({ id: reply.id, health: burnrate.health() }));
