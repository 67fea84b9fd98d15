package org.labelfree.fits;

import java.util.List;
import java.util.Objects;
import org.labelfree.image.Metadata;

/**
 * What one HDU of a FITS file holds, for listings ({@code labelfree info}).
 *
 * @param index       0-based HDU index (0 = primary)
 * @param extname     EXTNAME, or {@code ""} if none
 * @param kind        what the HDU holds
 * @param bitpix      BITPIX of the pixels (ZBITPIX for compressed images; the table's 8 for tables)
 * @param dimensions  NAXIS1, NAXIS2, ... (ZNAXISn for compressed images); empty if no data
 * @param compression ZCMPTYPE for compressed images ({@code "RICE_1"}, {@code "GZIP_2"}, ...), else {@code ""}
 * @param header      every card of the header, in order
 * @param maskPlanes  names of the {@code MP_<NAME>} cards in bit order; empty if none
 */
public record HduSummary(int index, String extname, HduKind kind, int bitpix, List<Integer> dimensions,
    String compression, Metadata header, List<String> maskPlanes) {
  public HduSummary {
    Objects.requireNonNull(extname, "extname");
    Objects.requireNonNull(kind, "kind");
    dimensions = List.copyOf(dimensions);
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(header, "header");
    maskPlanes = List.copyOf(maskPlanes);
  }
}
