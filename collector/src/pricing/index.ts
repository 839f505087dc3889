// The pricing stage's public API: usage + model + time → exact cost in nano-dollars.
export { canonicalModelId } from './modelId';
export { DEFAULT_PRICES } from './defaultPrices';
export type { Decimal, MultiplierSpec, PriceBandSpec, PriceSpec, ServerToolFeeSpec, UsdPerMTok } from './priceSpec';
export { loadPriceTable, PriceTable, priceEntryFromSpec } from './priceTable';
export type { PriceBand, PriceEntry, PriceSource, TokenPrices } from './priceTable';
export { PricingFileError } from './overrideFile';
export { priceCall } from './priceCall';
export type { CallToPrice, CostLines, PricedCall } from './priceCall';
export { usdPerMTokToNanoPerToken } from './decimal';
export type { Ratio } from './decimal';
