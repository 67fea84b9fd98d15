/**
 * Pictures of pipeline products for people to look at. Start here: {@link org.labelfree.workflows.report.Previews}
 * (asinh-stretched PNG previews of images, with {@link org.labelfree.workflows.report.PreviewOptions}).
 */
package org.labelfree.workflows.report;
