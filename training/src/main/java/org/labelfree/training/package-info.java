/**
 * The real/bogus CNN, co-teaching and asymmetric co-teaching, metrics, ONNX export and scoring. Nothing here yet: the
 * classifier issue builds it.
 */
package org.labelfree.training;
