/**
 * Training datasets: stamp shards merged into one HDF5 file with a train/validation/test split that never puts one
 * DIA object on two sides. Start here: {@link org.labelfree.labeling.dataset.TrainingDatasets} (merge, split,
 * report) and {@link org.labelfree.labeling.dataset.TrainingDataset} (the result; its file layout). Bad input raises
 * {@link org.labelfree.labeling.dataset.DatasetException}.
 */
package org.labelfree.labeling.dataset;
