package org.labelfree.pipeline.repo;

import java.util.Objects;

/**
 * A dimension record: what the registry knows about one value of a dimension (an instrument, a detector, a visit,
 * a sky map, a tract, a patch). A closed set; {@link Registry#insertDimensionRecords} stores them and
 * {@link Registry#queryDimensionRecords} reads them back. Integer IDs are {@code long}, angles degrees, times MJD
 * (TAI) days, durations seconds.
 */
public sealed interface DimensionRecord {

  /** The dimension this record describes. */
  Dimension dimension();

  /**
   * An instrument.
   *
   * @param name instrument name, e.g. {@code HSC}
   */
  record Instrument(String name) implements DimensionRecord {
    public Instrument {
      DimensionRecord.checkString("instrument name", name);
    }

    @Override
    public Dimension dimension() {
      return Dimension.INSTRUMENT;
    }
  }

  /**
   * A detector of an instrument.
   *
   * @param instrument instrument name (its record must exist)
   * @param id         detector number
   * @param name       detector name, e.g. {@code 1_53} or {@code S29}
   */
  record Detector(String instrument, long id, String name) implements DimensionRecord {
    public Detector {
      DimensionRecord.checkString("instrument", instrument);
      DimensionRecord.checkString("detector name", name);
    }

    @Override
    public Dimension dimension() {
      return Dimension.DETECTOR;
    }
  }

  /**
   * A visit (one exposure) of an instrument; it implies its band and physical filter.
   *
   * @param instrument     instrument name (its record must exist)
   * @param id             visit number
   * @param band           abstract filter, e.g. {@code g}
   * @param physicalFilter the instrument's filter, e.g. {@code HSC-G}
   * @param mjdMid         MJD (TAI, days) of the middle of the exposure
   * @param exposureTime   exposure time (seconds, >= 0)
   * @param region         sky region covered (null when unknown)
   */
  record Visit(String instrument, long id, String band, String physicalFilter, double mjdMid, double exposureTime,
      SkyBox region) implements DimensionRecord {
    public Visit {
      DimensionRecord.checkString("instrument", instrument);
      DimensionRecord.checkString("band", band);
      DimensionRecord.checkString("physical_filter", physicalFilter);
      if (!Double.isFinite(mjdMid)) {
        throw new IllegalArgumentException("mjdMid of visit " + id + " must be finite, but was " + mjdMid);
      }
      if (!(exposureTime >= 0) || Double.isInfinite(exposureTime)) {
        throw new IllegalArgumentException("exposureTime of visit " + id + " must be finite and >= 0 seconds, but was "
            + exposureTime);
      }
    }

    @Override
    public Dimension dimension() {
      return Dimension.VISIT;
    }
  }

  /**
   * A sky map (a tessellation of the sky into tracts and patches).
   *
   * @param name sky map name
   */
  record Skymap(String name) implements DimensionRecord {
    public Skymap {
      DimensionRecord.checkString("skymap name", name);
    }

    @Override
    public Dimension dimension() {
      return Dimension.SKYMAP;
    }
  }

  /**
   * A tract of a sky map.
   *
   * @param skymap sky map name (its record must exist)
   * @param id     tract number
   * @param region sky region (null when unknown)
   */
  record Tract(String skymap, long id, SkyBox region) implements DimensionRecord {
    public Tract {
      DimensionRecord.checkString("skymap", skymap);
    }

    @Override
    public Dimension dimension() {
      return Dimension.TRACT;
    }
  }

  /**
   * A patch of a tract.
   *
   * @param skymap sky map name
   * @param tract  tract number (its record must exist)
   * @param id     patch index
   * @param region sky region (null when unknown)
   */
  record Patch(String skymap, long tract, long id, SkyBox region) implements DimensionRecord {
    public Patch {
      DimensionRecord.checkString("skymap", skymap);
    }

    @Override
    public Dimension dimension() {
      return Dimension.PATCH;
    }
  }

  private static void checkString(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(what + " must be non-blank printable ASCII, but was '"
          + Names.sanitize(value) + "'");
    }
  }
}
