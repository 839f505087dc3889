// burnrate's shared vocabulary, one home for what the collector, the dashboard and the sdk-hook
// must agree on.
export { csvCell, csvLine, csvDocument } from './csv';
export { canonicalModelId } from './modelId';
export { deprecatedModelsAt, MODEL_RETIREMENTS, modelRetirement, retiringWithin } from './retirements';
export type { ModelRetirement } from './retirements';
