// The finance API's types, straight from the collector's finance contract (types only).
export type * from '../../../collector/src/finance/contract';
