/** @kenobi/features: datasets, the feature-extraction pipeline and the feature store. */
export {};
