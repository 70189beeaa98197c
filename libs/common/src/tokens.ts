/** Injection tokens shared across contexts. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const REDIS = Symbol('REDIS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
