// The same app as app.mjs, as CommonJS: `require` gets the package's CommonJS build.
const Anthropic = require('@anthropic-ai/sdk');
const { instrument } = require('@burnrate/sdk-hook');

async function main() {
  const kind = process.env.APP_KIND;
  const burnrate = instrument({ serviceName: `packed-${kind}` });
  const client = burnrate.anthropic(new Anthropic());
  const reply = await burnrate.withContext({ team: kind, session: `session-${kind}` }, () =>
    client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] }),
  );
  await burnrate.shutdown();
  console.log(JSON.stringify({ id: reply.id, health: burnrate.health() }));
}

main();
