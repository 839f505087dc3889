export { instrument } from './instrument';
export type { Burnrate, InstrumentOptions } from './instrument';
export type { BurnrateMiddleware } from './middleware';
export type { Attribution, RouteDecision } from './scope';
