/**
 * Host selection, injection catalogues and the injection engine. Nothing here yet: the injection issue builds it on
 * the image model of {@code org.labelfree.image}.
 */
package org.labelfree.injection;
