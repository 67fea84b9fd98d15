package org.labelfree.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments are refused with a message naming the parameter. */
class ArtefactsFailureTest {
  private static void refused(String name, Executable call) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
    assertTrue(ex.getMessage().contains(name), "message names " + name + ": " + ex.getMessage());
  }

  @Test
  void configFieldsAreValidated() {
    refused("cosmicRaysPerMegapixel", () -> new ArtefactConfig(-1, 0.9, 6, 20, 0.8, 1, 0.08, 1e5, 0.002));
    refused("crMaskCompleteness", () -> new ArtefactConfig(60, 1.1, 6, 20, 0.8, 1, 0.08, 1e5, 0.002));
    refused("crFindableSigma", () -> new ArtefactConfig(60, 0.9, Double.NaN, 20, 0.8, 1, 0.08, 1e5, 0.002));
    refused("hotPixelsPerMegapixel", () -> new ArtefactConfig(60, 0.9, 6, -20, 0.8, 1, 0.08, 1e5, 0.002));
    refused("knownHotPixelFraction", () -> new ArtefactConfig(60, 0.9, 6, 20, -0.1, 1, 0.08, 1e5, 0.002));
    refused("badColumnsPerDetector", () -> new ArtefactConfig(60, 0.9, 6, 20, 0.8, Double.POSITIVE_INFINITY, 0.08,
        1e5, 0.002));
    refused("satelliteTrailRate", () -> new ArtefactConfig(60, 0.9, 6, 20, 0.8, 1, -0.08, 1e5, 0.002));
    refused("fullWellElectrons", () -> new ArtefactConfig(60, 0.9, 6, 20, 0.8, 1, 0.08, 0, 0.002));
    refused("spikeFluxFraction", () -> new ArtefactConfig(60, 0.9, 6, 20, 0.8, 1, 0.08, 1e5, 0.3));
    refused("electrons", () -> new Artefact(ArtefactKind.HOT_PIXEL, 1, 1, 1, 1, -5, true));
  }

  @Test
  void canvasesAndParametersAreValidated() {
    ArtefactConfig c = ArtefactConfig.defaults();
    SplittableRandom rng = new SplittableRandom(1);
    refused("e", () -> Artefacts.addCosmicRays(new float[10], new int[12], 3, 4, 10, c, rng));
    refused("mask", () -> Artefacts.addCosmicRays(new float[12], new int[10], 3, 4, 10, c, rng));
    refused("skySigmaE", () -> Artefacts.addCosmicRays(new float[12], new int[12], 3, 4, 0, c, rng));
    refused("psfFwhm", () -> Artefacts.addSatelliteTrails(new float[12], new int[12], 3, 4, -1, 10, c, rng));
    refused("electrons", () -> Artefacts.addDiffractionSpikes(new float[12], 3, 4, new double[2], new double[2],
        new double[1], 0, 3, c));
    refused("w and h", () -> Noise.addPhotonNoise(new float[0], 0, 4, 1));
    refused("gain", () -> Noise.readout(new float[12], new int[12], 3, 4, 0, 5, 6e4, 1));
    refused("readNoiseE", () -> Noise.variance(new float[12], 3, 4, 1.5, -1));
    refused("adcMaxAdu", () -> Noise.readout(new float[12], new int[12], 3, 4, 1, 5, 0, 1));
    refused("bits", () -> Interpolation.interpolateMasked(new float[12], null, new int[12], 3, 4, 0));
    refused("variance", () -> Interpolation.interpolateMasked(new float[12], new float[3], new int[12], 3, 4, 1));
  }
}
