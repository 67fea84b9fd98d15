package org.labelfree.diffim;

import org.labelfree.wcs.Jacobian;
import org.labelfree.wcs.Wcs;

/**
 * The mapping from destination pixels to source pixels of a warp, computed exactly (destination pixel to sky to
 * source pixel, with the WCS bulk methods) on a grid of nodes every {@code spacing} destination pixels and
 * interpolated bilinearly in between, as LSST's {@code WarpingControl} interpolation length does. Also carries the
 * local pixel-area ratio (source pixels per destination pixel, the absolute Jacobian determinant of the mapping) on
 * the same grid.
 *
 * <p>Source positions are local to the source image (parent coordinates minus the source's xy0). Nodes where the
 * sky position has no source pixel (behind the tangent plane, no convergence) are NaN, and so is every position
 * interpolated from them. Immutable after construction; thread-safe.
 */
final class PixelMapping {
  private final int spacing;
  private final int nodesX;
  private final int nodesY;
  private final double[] nodeSx;
  private final double[] nodeSy;
  private final double[] nodeArea;

  /**
   * Computes the nodes for the destination box {@code (x0, y0, width, height)} (parent coordinates of
   * {@code destWcs}).
   */
  PixelMapping(Wcs destWcs, Wcs sourceWcs, int sourceX0, int sourceY0, int x0, int y0, int width, int height,
      int spacing) {
    this.spacing = spacing;
    this.nodesX = cells(width, spacing) + 1;
    this.nodesY = cells(height, spacing) + 1;
    int n = nodesX * nodesY;
    double[] dx = new double[n];
    double[] dy = new double[n];
    for (int m = 0; m < nodesY; m++) {
      for (int k = 0; k < nodesX; k++) {
        dx[m * nodesX + k] = x0 + (double) k * spacing;
        dy[m * nodesX + k] = y0 + (double) m * spacing;
      }
    }
    double[] ra = new double[n];
    double[] dec = new double[n];
    destWcs.pixelToSky(dx, dy, ra, dec);
    nodeSx = new double[n];
    nodeSy = new double[n];
    sourceWcs.skyToPixel(ra, dec, nodeSx, nodeSy);
    nodeArea = new double[n];
    for (int i = 0; i < n; i++) {
      double sx = nodeSx[i];
      double sy = nodeSy[i];
      if (Double.isFinite(sx) && Double.isFinite(sy)) {
        Jacobian jd = destWcs.jacobian(dx[i], dy[i]);
        Jacobian js = sourceWcs.jacobian(sx, sy);
        nodeArea[i] = Math.abs(jd.determinant() / js.determinant());
      } else {
        nodeArea[i] = Double.NaN;
      }
      nodeSx[i] = sx - sourceX0;
      nodeSy[i] = sy - sourceY0;
    }
  }

  /** Number of grid cells covering {@code length} pixels: at least 1. */
  private static int cells(int length, int spacing) {
    return Math.max(1, (length - 1 + spacing - 1) / spacing);
  }

  /** Number of node columns (length of the row buffers of {@link #row}). */
  int nodesX() {
    return nodesX;
  }

  /**
   * Interpolates the node values linearly in y for destination row {@code y} (local, 0-based): fills the node-column
   * buffers {@code sx, sy, area} (length {@link #nodesX()}).
   */
  void row(int y, double[] sx, double[] sy, double[] area) {
    int m = Math.min(y / spacing, nodesY - 2);
    double t = (double) (y - m * spacing) / spacing;
    int a = m * nodesX;
    int b = a + nodesX;
    for (int k = 0; k < nodesX; k++) {
      sx[k] = nodeSx[a + k] + t * (nodeSx[b + k] - nodeSx[a + k]);
      sy[k] = nodeSy[a + k] + t * (nodeSy[b + k] - nodeSy[a + k]);
      area[k] = nodeArea[a + k] + t * (nodeArea[b + k] - nodeArea[a + k]);
    }
  }

  /**
   * The bounding box {minX, minY, maxX, maxY} of the finite node positions (local source pixels): every position
   * the mapping interpolates lies inside it (or is NaN); null when no node maps.
   */
  double[] sourceBounds() {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < nodeSx.length; i++) {
      if (Double.isFinite(nodeSx[i]) && Double.isFinite(nodeSy[i])) {
        minX = Math.min(minX, nodeSx[i]);
        minY = Math.min(minY, nodeSy[i]);
        maxX = Math.max(maxX, nodeSx[i]);
        maxY = Math.max(maxY, nodeSy[i]);
      }
    }
    return minX <= maxX ? new double[] {minX, minY, maxX, maxY} : null;
  }

  /** Grid spacing, destination pixels. */
  int spacing() {
    return spacing;
  }

  /**
   * The interpolated source position (local) of destination pixel ({@code x}, {@code y}) (local), as {x, y}: the
   * value the warp uses, for tests of the interpolation error.
   */
  double[] sourcePosition(int x, int y) {
    double[] sx = new double[nodesX];
    double[] sy = new double[nodesX];
    double[] ar = new double[nodesX];
    row(y, sx, sy, ar);
    int k = Math.min(x / spacing, nodesX - 2);
    double s = (double) (x - k * spacing) / spacing;
    return new double[] {sx[k] + s * (sx[k + 1] - sx[k]), sy[k] + s * (sy[k + 1] - sy[k])};
  }
}
