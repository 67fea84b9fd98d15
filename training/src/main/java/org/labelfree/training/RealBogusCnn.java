package org.labelfree.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.Objects;

/**
 * The real/bogus CNN of Bonnet-Guerrini et al. (2024) as a DJL block. Shapes for the defaults at S = 30 (no
 * padding, 'valid' convolutions, 2x2 max-pooling with stride 2, floor):
 * <pre>
 *   input             (N, C, 30, 30)
 *   conv 3x3 (32)     (N, 32, 28, 28)  + ReLU
 *   max-pool 2        (N, 32, 14, 14)
 *   conv 3x3 (64)     (N, 64, 12, 12)  + ReLU
 *   max-pool 2        (N, 64, 6, 6)
 *   flatten           (N, 2304)                 channel-major, as ONNX Flatten(axis=1)
 *   linear (128)      (N, 128)         + ReLU   = the penultimate features
 *   dropout 0.5       (N, 128)                  training only
 *   linear (2)        (N, 2)                    logits of bogus (0) and transient (1)
 * </pre>
 * {@link #block()} is {@code features} followed by {@code head}; {@link #features()} ends with the hidden ReLU, so
 * the embedding is one forward of that sub-block. Weights: DJL's Conv2d keeps {@code (out, in, kh, kw)} and Linear
 * {@code (out, in)}. Not thread-safe (a DJL block); one instance per model.
 */
public final class RealBogusCnn {
  private final CnnConfig config;
  private final Conv2d conv1;
  private final Conv2d conv2;
  private final Linear hidden;
  private final Linear output;
  private final SequentialBlock features;
  private final SequentialBlock head;
  private final SequentialBlock block;

  /** Builds the (uninitialised) blocks for {@code config}. */
  public RealBogusCnn(CnnConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    Shape k3 = new Shape(3, 3);
    Shape two = new Shape(2, 2);
    conv1 = Conv2d.builder().setKernelShape(k3).setFilters(config.conv1()).build();
    conv2 = Conv2d.builder().setKernelShape(k3).setFilters(config.conv2()).build();
    hidden = Linear.builder().setUnits(config.hidden()).build();
    output = Linear.builder().setUnits(2).build();
    features = new SequentialBlock()
        .add(conv1).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(two, two))
        .add(conv2).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(two, two))
        .add(Blocks.batchFlattenBlock())
        .add(hidden).add(Activation.reluBlock());
    head = new SequentialBlock().add(Dropout.builder().optRate((float) config.dropout()).build()).add(output);
    block = new SequentialBlock().add(features).add(head);
  }

  /** The architecture. */
  public CnnConfig config() {
    return config;
  }

  /** The whole network: stamps in, logits {@code (N, 2)} out. */
  public Block block() {
    return block;
  }

  /** The feature extractor: stamps in, penultimate features {@code (N, hidden)} out. */
  public Block features() {
    return features;
  }

  /** The classifier head: features in, logits {@code (N, 2)} out (dropout in training). */
  public Block head() {
    return head;
  }

  /** The first convolution (parameters {@code weight} {@code (conv1, C, 3, 3)} and {@code bias}). */
  public Conv2d conv1() {
    return conv1;
  }

  /** The second convolution (parameters {@code weight} {@code (conv2, conv1, 3, 3)} and {@code bias}). */
  public Conv2d conv2() {
    return conv2;
  }

  /** The hidden fully connected layer (parameters {@code weight} {@code (hidden, flattened)} and {@code bias}). */
  public Linear hiddenLayer() {
    return hidden;
  }

  /** The output layer (parameters {@code weight} {@code (2, hidden)} and {@code bias}). */
  public Linear outputLayer() {
    return output;
  }

  /** The input shape of a batch of {@code n} stamps: {@code (n, C, S, S)}. */
  public Shape inputShape(long n) {
    return new Shape(n, config.channels(), config.stampSize(), config.stampSize());
  }
}
