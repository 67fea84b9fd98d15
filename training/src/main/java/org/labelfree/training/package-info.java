/**
 * The real/bogus CNN and its training from noisy labels. Start here: {@link org.labelfree.training.RealBogusTrainer}
 * ({@code train(StampData, StampData, CnnConfig, TrainConfig, Consumer)}), which builds a
 * {@link org.labelfree.training.RealBogusCnn} and returns a {@link org.labelfree.training.RealBogusModel}; the model
 * directory ({@code model.json} = {@link org.labelfree.training.ModelInfo}, DJL parameters, {@code model.onnx}) is
 * written by {@link org.labelfree.training.RealBogusModel#save} and scored by
 * {@link org.labelfree.training.onnx.OnnxScorer}. Pure-Java parts: {@link org.labelfree.training.SmallLossSelection},
 * {@link org.labelfree.training.ForgetSchedule}, {@link org.labelfree.training.Augmentation}.
 */
package org.labelfree.training;
