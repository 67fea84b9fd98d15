package org.labelfree.training;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Resolves {@link ComputeDevice} to a DJL device of the PyTorch engine. */
final class Devices {
  private Devices() {}

  /**
   * The DJL device for {@code d}.
   *
   * @throws IllegalArgumentException for {@code gpu} when the engine sees no GPU (naming the option)
   */
  static Device resolve(ComputeDevice d) {
    int gpus = Engine.getEngine(RealBogusModel.ENGINE).getGpuCount();
    return switch (d) {
      case CPU -> Device.cpu();
      case GPU -> {
        if (gpus == 0) {
          throw new IllegalArgumentException("device gpu was requested (--device gpu), but the "
              + RealBogusModel.ENGINE + " engine sees no GPU; use --device cpu or auto");
        }
        yield Device.gpu(0);
      }
      case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
    };
  }
}
