/** @kenobi/cluster: k-means(++), mini-batch k-means, GMM, PCA, UMAP, cluster metrics. */
export {};
