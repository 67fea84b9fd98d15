package org.labelfree.fits;

/**
 * What an HDU holds.
 *
 * <ul>
 *   <li>{@link #PRIMARY}: the primary HDU with no data (NAXIS = 0), a header only;
 *   <li>{@link #IMAGE}: an image array, in the primary HDU or an {@code IMAGE} extension;
 *   <li>{@link #COMPRESSED_IMAGE}: a tile-compressed image ({@code BINTABLE} with {@code ZIMAGE = T});
 *   <li>{@link #BINTABLE}, {@link #ASCII_TABLE}: tables;
 *   <li>{@link #RANDOM_GROUPS}: the primary HDU in the old random-groups format;
 *   <li>{@link #EMPTY_EXTENSION}: an extension with no data (NAXIS = 0);
 *   <li>{@link #UNKNOWN}: any other {@code XTENSION}.
 * </ul>
 */
public enum HduKind {
  PRIMARY, IMAGE, COMPRESSED_IMAGE, BINTABLE, ASCII_TABLE, RANDOM_GROUPS, EMPTY_EXTENSION, UNKNOWN
}
