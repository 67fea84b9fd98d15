/**
 * Pictures and summaries of pipeline products for people to look at. Start here:
 * {@link org.labelfree.workflows.report.Previews} (asinh-stretched PNG previews of images, with
 * {@link org.labelfree.workflows.report.PreviewOptions}) and
 * {@link org.labelfree.workflows.report.InjectionCompleteness} (detection completeness of injected fakes on the
 * difference images, from {@link org.labelfree.injection.FakeMatcher} and
 * {@link org.labelfree.injection.CompletenessCurve}, next to the 5-sigma depth of
 * {@link org.labelfree.injection.PointSourceDepth}).
 */
package org.labelfree.workflows.report;
