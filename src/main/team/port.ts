/** What other features (and the container) may use of team serving: the feature, its gate and listener state. */
export type { TeamFeature, TeamFeatureDeps } from './team-feature';
export { isLoopback } from './loopback';
