/** @kenobi/web: The Kenobi browser app. */
export {};
