/**
 * DIA objects: DIA sources of many visits grouped by position into objects with light curves. Start here:
 * {@link org.labelfree.labeling.objects.DiaObjectAssociator} (the grouping, on plain arrays) and
 * {@link org.labelfree.labeling.objects.DiaObjectCatalogs} (the {@code dia_object} and {@code dia_object_source}
 * catalogues from {@code matched_dia_source} catalogues). Bad input raises
 * {@link org.labelfree.labeling.objects.DiaObjectException}.
 */
package org.labelfree.labeling.objects;
