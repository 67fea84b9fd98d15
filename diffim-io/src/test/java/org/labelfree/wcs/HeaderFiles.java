package org.labelfree.wcs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import org.labelfree.image.Metadata;

/** Test helper: reads FITS headers (raw .hdr blocks or the primary HDU of a FITS file) into {@link Metadata}. */
final class HeaderFiles {
  private HeaderFiles() {}

  /** Reads a raw header file (2880-byte blocks of 80-character cards, no newlines) or a FITS file's primary header. */
  static Metadata read(Path file) throws IOException, FitsException {
    if (file.getFileName().toString().endsWith(".hdr")) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
      List<String> cards = new ArrayList<>();
      for (int i = 0; i + 80 <= text.length(); i += 80) {
        String card = text.substring(i, i + 80);
        cards.add(card);
        if (card.startsWith("END     ")) {
          break;
        }
      }
      return toMetadata(new Header(cards.toArray(new String[0])));
    }
    try (Fits fits = new Fits(file.toFile())) {
      BasicHDU<?> hdu = fits.getHDU(0);
      return toMetadata(hdu.getHeader());
    }
  }

  /** Converts nom-tam header cards to {@link Metadata}; numbers are parsed from their text exactly. */
  static Metadata toMetadata(Header header) {
    Metadata.Builder b = Metadata.builder();
    Cursor<String, HeaderCard> it = header.iterator();
    while (it.hasNext()) {
      HeaderCard card = it.next();
      if (!card.isKeyValuePair() || card.getKey().equals("END")) {
        continue;
      }
      String raw = card.getValue();
      Object value;
      if (card.isStringValue()) {
        value = raw;
      } else if (card.valueType() == Boolean.class) {
        value = card.getValue(Boolean.class, null);
      } else if (card.isIntegerType()) {
        value = Long.valueOf(raw.strip());
      } else if (card.isDecimalType()) {
        value = Metadata.parseFitsNumber(raw);
      } else {
        value = raw;
      }
      b.set(card.getKey(), value, card.getComment());
    }
    return b.build();
  }
}
