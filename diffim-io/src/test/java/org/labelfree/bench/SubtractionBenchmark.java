package org.labelfree.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.FloatFFT_2D;
import org.labelfree.diffim.Convolution;
import org.labelfree.diffim.Decorrelation;
import org.labelfree.diffim.SpatialKernel;
import org.labelfree.diffim.SpatialPolynomial;
import org.labelfree.image.ImageF;
import org.labelfree.image.Mask;
import org.labelfree.image.MaskPlanes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pixel work of an Alard-Lupton subtraction on 4096x4096 images with a 25-pixel kernel of spatial order 1
 * (3 components): convolve the template, its variance (K^2 at the centre) and its mask (BAD, SAT, NO_DATA grown by
 * the kernel radius), subtract from the science image, then decorrelate (phi of 51 pixels) and update the variance.
 * {@link #subtractAll} is the whole chain; the other methods time its parts, and {@link #fft4096} one plain
 * JTransforms real forward FFT of 4096x4096 (its default threading) for context. Scores are ms per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SubtractionBenchmark {
  static final int N = 4096;
  static final int KSIZE = 25;
  static final int PHI = 51;

  private ImageF science;
  private ImageF scienceVar;
  private Mask scienceMask;
  private ImageF template;
  private ImageF templateVar;
  private Mask templateMask;
  private SpatialKernel kernel;
  private int growPlanes;
  private float[] phi;
  private ImageF difference;
  private float[] fftBuffer;

  /** Random images (seed 5) and a kernel of three Gaussian components. */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(5);
    float[] s = new float[N * N];
    float[] t = new float[N * N];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (100 + 10 * rnd.nextGaussian());
      t[i] = (float) (100 + 5 * rnd.nextGaussian());
    }
    science = ImageF.wrap(N, N, s);
    template = ImageF.wrap(N, N, t);
    scienceVar = ImageF.filled(N, N, 100f);
    templateVar = ImageF.filled(N, N, 25f);
    MaskPlanes planes = MaskPlanes.defaults();
    growPlanes = planes.bitmask("BAD", "SAT", "NO_DATA");
    int[] bits = new int[N * N];
    for (int i = 0; i < 2000; i++) {
      bits[rnd.nextInt(bits.length)] |= planes.bitmask("SAT");
    }
    templateMask = Mask.wrap(N, N, bits, planes);
    scienceMask = Mask.zeros(N, N, planes);
    int r = KSIZE / 2;
    float[][] comps = new float[3][KSIZE * KSIZE];
    double[] sig = {2.0, 2.5, 3.0};
    double[] amp = {1.0, 0.05, -0.04};
    for (int c = 0; c < 3; c++) {
      for (int j = -r; j <= r; j++) {
        for (int i = -r; i <= r; i++) {
          comps[c][(j + r) * KSIZE + i + r] =
              (float) (amp[c] * Math.exp(-(i * i + j * j) / (2 * sig[c] * sig[c])) / (2 * Math.PI * sig[c] * sig[c]));
        }
      }
    }
    kernel = new SpatialKernel(KSIZE, new SpatialPolynomial(1, 0, 0, N, N), comps);
    phi = Decorrelation.kernel(kernel.kernelAt(N / 2.0, N / 2.0), KSIZE, 100, 25, PHI);
    difference = science.copy();
    fftBuffer = new float[N * N];
  }

  /** The whole chain: convolution of image, variance and mask, subtraction, decorrelation of image and variance. */
  @Benchmark
  public Object subtractAll() {
    ImageF conv = Convolution.convolve(template, kernel);
    ImageF convVar = Convolution.convolveVariance(templateVar, kernel);
    Mask convMask = Convolution.convolveMask(templateMask, KSIZE / 2, growPlanes);
    float[] s = science.array();
    float[] c = conv.array();
    float[] sv = scienceVar.array();
    float[] cv = convVar.array();
    int[] sm = scienceMask.array();
    int[] cm = convMask.array();
    float[] d = new float[s.length];
    float[] dv = new float[s.length];
    int[] dm = new int[s.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = s[i] - c[i];
      dv[i] = sv[i] + cv[i];
      dm[i] = sm[i] | cm[i];
    }
    float[] k = kernel.kernelAt(N / 2.0, N / 2.0);
    float[] p = Decorrelation.kernel(k, KSIZE, 100, 25, PHI);
    ImageF dec = Decorrelation.apply(ImageF.wrap(N, N, d), p, PHI);
    ImageF decVar = Decorrelation.applyToVariance(scienceVar, templateVar, k, KSIZE, p, PHI);
    return new Object[] {dec, decVar, dv, dm};
  }

  /** Convolution of the template image only. */
  @Benchmark
  public ImageF convolveImage() {
    return Convolution.convolve(template, kernel);
  }

  /** Convolution of the template variance (one kernel, K^2 at the centre). */
  @Benchmark
  public ImageF convolveVariance() {
    return Convolution.convolveVariance(templateVar, kernel);
  }

  /** Growing three mask planes by the kernel radius. */
  @Benchmark
  public Mask convolveMask() {
    return Convolution.convolveMask(templateMask, KSIZE / 2, growPlanes);
  }

  /** Decorrelation of the difference (phi of 51 pixels). */
  @Benchmark
  public ImageF decorrelate() {
    return Decorrelation.apply(difference, phi, PHI);
  }

  /** One JTransforms real forward FFT of 4096x4096, for context. */
  @Benchmark
  public float[] fft4096() {
    System.arraycopy(science.array(), 0, fftBuffer, 0, fftBuffer.length);
    new FloatFFT_2D(N, N).realForward(fftBuffer);
    return fftBuffer;
  }
}
