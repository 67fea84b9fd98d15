/**
 * Evaluation of a real/bogus classifier on plain arrays of logits, scores and features (no deep-learning engine):
 * the paper's confusion matrix and rates, ROC AUC, temperature scaling and calibration error, score histograms, a
 * UMAP embedding of the penultimate layer, and the list of transient candidates among the real detections. Start
 * here: {@link org.labelfree.training.eval.Evaluation#evaluate} over {@link org.labelfree.training.eval.ScoredStamps};
 * its {@link org.labelfree.training.eval.EvaluationResult} prints the summary and writes the report files.
 * Everything is deterministic: the same inputs, options and seed give the same numbers and files (PNGs aside).
 */
package org.labelfree.training.eval;
