package org.labelfree.stamps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labelfree.image.InvalidDataException;
import org.labelfree.testing.TestData;

class FitsStampCubeTest {
  @TempDir
  Path dir;

  /** The real ZTF alert triplets; expected values read with astropy ({@code fits.getdata}, float64 of the float32). */
  @Test
  void readsTheZtfTripletCubeAsAstropyDoes() throws IOException {
    FitsStampCube c = FitsStampCube.read(TestData.real("ztf/ztf_alert_triplets_63x63.fits"));
    assertEquals(97, c.n());
    assertEquals(3, c.channels());
    assertEquals(63, c.size());
    /* Exact: the same float32 values. */
    assertEquals(8.52775764465332, c.plane(0, 2)[31 * 63 + 31], 0);
    assertEquals(202.32257080078125, c.plane(5, 0)[10 * 63 + 20], 0);
    assertEquals(112.51611328125, c.plane(96, 1)[62 * 63], 0);
    double sum = 0;
    int nan = 0;
    for (int i = 0; i < c.n(); i++) {
      for (float v : c.plane(i, 2)) {
        if (Float.isNaN(v)) {
          nan++;
        } else {
          sum += v;
        }
      }
    }
    assertEquals(8009, nan);
    /* astropy's np.nansum in float64 of the same values: 575867.5963213271; summation order differs, 1e-9 relative. */
    assertEquals(575867.5963213271, sum, 575867.6 * 1e-9);
  }

  @Test
  void badFilesAreNamed() throws IOException {
    assertThrows(NoSuchFileException.class, () -> FitsStampCube.read(dir.resolve("none.fits")));
    Path text = dir.resolve("text.fits");
    Files.writeString(text, "not a FITS file at all");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> FitsStampCube.read(text));
    assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    /* A plain 2-D image has no cube. */
    InvalidDataException e2 = assertThrows(InvalidDataException.class,
        () -> FitsStampCube.read(TestData.real("decam/DEC-OBS04a.mini.fits")));
    assertTrue(e2.getMessage().contains("no image HDU with 3"), e2.getMessage());
  }
}
