/** @kenobi/learn: Heads in TypeScript: layers, losses, optimizers, training loop, k-fold, metrics, MC-dropout. */
export {};
