// The Vercel AI SDK with its Anthropic provider and experimental_telemetry on, the way its docs
// show: spans go to the globally registered tracer provider.
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, streamText, tool, jsonSchema } from 'ai';

export async function setup({ apiUrl }) {
  const anthropic = createAnthropic({ baseURL: `${apiUrl}/v1`, apiKey: 'sk-ant-capture' });
  return async (scenario) => {
    const options = {
      model: anthropic(scenario.model),
      prompt: `scenario:${scenario.name}`,
      maxOutputTokens: 64,
      maxRetries: 2,
      experimental_telemetry: { isEnabled: true, functionId: 'capture' },
      ...(scenario.tool
        ? {
            tools: {
              get_weather: tool({
                description: 'Weather in a city',
                inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
              }),
            },
          }
        : {}),
    };
    if (scenario.stream) {
      const result = streamText({ ...options, onError: () => {} });
      for await (const part of result.fullStream) void part;
      return;
    }
    await generateText(options);
  };
}
