package org.labelfree.training;

/**
 * The shape of the real/bogus CNN built by {@link RealBogusCnn}.
 *
 * @param channels  input channels (e.g. 1 for the difference image, 3 for science, template and difference; >= 1)
 * @param stampSize stamp side in pixels (>= 10, so that two 3x3 'valid' convolutions and two 2x2 poolings fit)
 * @param conv1     filters of the first 3x3 convolution (>= 1; default 32)
 * @param conv2     filters of the second 3x3 convolution (>= 1; default 64)
 * @param hidden    units of the fully connected hidden layer, the penultimate features (>= 1; default 128)
 * @param dropout   dropout rate after the hidden layer, in [0, 1) (default 0.5)
 */
public record CnnConfig(int channels, int stampSize, int conv1, int conv2, int hidden, double dropout) {
  /** Checks every field against its range. */
  public CnnConfig {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, but was " + channels);
    }
    if (stampSize < 10) {
      throw new IllegalArgumentException("stampSize must be >= 10 (two conv3x3 + pool2 stages), but was " + stampSize);
    }
    if (conv1 < 1 || conv2 < 1 || hidden < 1) {
      throw new IllegalArgumentException("conv1, conv2 and hidden must be >= 1, but were " + conv1 + ", " + conv2
          + ", " + hidden);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), but was " + dropout);
    }
  }

  /** The paper's widths (32, 64, 128, dropout 0.5) for the given input. */
  public static CnnConfig defaults(int channels, int stampSize) {
    return new CnnConfig(channels, stampSize, 32, 64, 128, 0.5);
  }

  /** Side of the feature map after the second pooling: {@code ((S - 2) / 2 - 2) / 2} (6 for S = 30). */
  public int pooledSize() {
    return ((stampSize - 2) / 2 - 2) / 2;
  }

  /** Inputs of the hidden layer: {@code conv2 * pooledSize^2} (2304 for the defaults at S = 30). */
  public int flattenedSize() {
    return conv2 * pooledSize() * pooledSize();
  }

  /** Values in one stamp: {@code channels * stampSize^2}. */
  public int stampLength() {
    return channels * stampSize * stampSize;
  }
}
