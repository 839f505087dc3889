// Models the Anthropic SDK warns about as deprecated, copied from @anthropic-ai/sdk 1.12.0
// (src/internal/data/deprecated-models.ts; the SDK prints the warning but does not put it on its
// span, so the collector keeps the list). This is only the default of the deprecated_model rule,
// whose `models` can be edited through the API when Anthropic announces more.
export const SDK_DEPRECATED_MODELS: readonly string[] = ['claude-mythos-preview', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'];
