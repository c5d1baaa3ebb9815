/**
 * What other features (and the container) may use of telemetry: the feature's plug points (the provider's
 * `/metrics` route, the engine wrapper, the meter subscription) and the budget source it reads per scrape.
 */
export type { TelemetryDeps, TelemetryFeature } from './telemetry-feature';
export type { BudgetHeadroom } from './metrics';
export { METRIC_NAMES } from './metrics';
