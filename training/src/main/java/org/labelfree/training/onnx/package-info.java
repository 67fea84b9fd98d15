/**
 * ONNX export and scoring of the real/bogus CNN. Start here: {@link org.labelfree.training.onnx.OnnxScorer}
 * ({@code open(modelDir)}, {@code score(pixels, n)}); the graph is written by
 * {@link org.labelfree.training.onnx.OnnxExport} with the ONNX protobuf classes of tribuo-util-onnx.
 */
package org.labelfree.training.onnx;
