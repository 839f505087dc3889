// The Messages API request of a scenario, as the Anthropic SDK takes it.
export function messagesParams(scenario) {
  const params = { model: scenario.model, max_tokens: 64, messages: [{ role: 'user', content: `scenario:${scenario.name}` }] };
  if (scenario.tool) {
    params.tools = [
      { name: 'get_weather', description: 'Weather in a city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
  }
  return params;
}

/** One scripted call through an Anthropic client; a stream is read to its end, as apps do. */
export async function callWithClient(client, scenario) {
  const params = messagesParams(scenario);
  if (scenario.stream) {
    const stream = await client.messages.create({ ...params, stream: true });
    for await (const event of stream) void event;
    return;
  }
  await client.messages.create(params);
}
