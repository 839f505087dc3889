// The canonical model id lives in @burnrate/contract so the collector, the dashboard and the
// sdk-hook's budget guard key models alike; re-exported here for the pricing stage's importers.
export { canonicalModelId } from '@burnrate/contract';
