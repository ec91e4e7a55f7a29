/** @kenobi/zoo: Model zoo manifest, content-addressed cache, offline mirror, resumable sha256-checked download, safe archive extraction. */
export {};
