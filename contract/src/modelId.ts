// One spelling per Claude model, whatever wrote the span: the id prices are keyed by and charts
// group by. Anthropic's own alias form without the snapshot date ("claude-haiku-4-5"), reached
// from dated ids, "-latest" aliases, gateway paths, Bedrock model and inference-profile ids,
// Vertex "@date" versions, dotted gateway spellings and Claude Code's context tags.

// Gateways and SDK wrappers put a path in front: "anthropic/…", "bedrock/…", or a full Bedrock
// ARN ending in ".../us.anthropic.claude-…". Only the last path segment names the model.
const PATH_PREFIX = /^.*\//;
// Bedrock: "anthropic.claude-…", or an inference profile "us.anthropic.claude-…" (also eu., apac.,
// global., us-gov., …).
const BEDROCK_PREFIX = /^(?:[a-z][a-z-]{1,9}\.)?anthropic\./;
// Vertex pins a snapshot with "@20241022" (once with a "-v2" before it: "claude-3-5-sonnet-v2@…").
const VERTEX_VERSION = /(?:-v\d+)?@[^@]*$/;
// Bedrock ends ids in "-v1:0" / "-v2:0" or, for newer models, "-v1". Only after a digit, so the
// retired "anthropic.claude-v2:1" is not cut down to the meaningless "claude".
const BEDROCK_VERSION = /(?<=\d)-v\d+(?::\d+)?$/;
// OpenRouter-style variant tags: "anthropic/claude-3.5-sonnet:beta", "…:thinking". (A Bedrock
// ":0" is a digit and is left to BEDROCK_VERSION.)
const GATEWAY_VARIANT = /:[a-z][a-z-]*$/;
// Claude Code names its 1M-context sessions "claude-opus-4-6[1m]"; the price does not depend on it.
const CONTEXT_TAG = /\[[^\]]*\]$/;
// Gateways such as OpenRouter spell versions with dots: "claude-3.5-sonnet", "claude-opus-4.6".
const DOTTED_VERSION = /(\d)\.(?=\d)/g;
const LATEST = /-latest$/;
const DATE_SUFFIX = /-\d{8}$/;

export function canonicalModelId(model: string): string {
  return model
    .trim()
    .toLowerCase()
    .replace(PATH_PREFIX, '')
    .replace(BEDROCK_PREFIX, '')
    .replace(GATEWAY_VARIANT, '')
    .replace(VERTEX_VERSION, '')
    .replace(BEDROCK_VERSION, '')
    .replace(CONTEXT_TAG, '')
    .replace(DOTTED_VERSION, '$1-')
    .replace(LATEST, '')
    .replace(DATE_SUFFIX, '');
}
